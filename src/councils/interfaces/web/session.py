"""The web's own state per request: who is signed in (session cookie), CSRF, flash messages.

The session cookie carries a random token whose digest is in the `sessions` table (kind
"web"); it is HttpOnly and SameSite=Lax. Every form carries a CSRF token: a signed copy
of a random nonce that is also in an HttpOnly, SameSite=Strict cookie, so a form posted
from another site has neither the nonce nor a valid signature of it. The nonce is
renewed at sign-in, so a token seen before signing in is useless afterwards.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from councils.application.accounts import Account
from councils.application.authorisation import Forbidden
from councils.interfaces.api.services import Services

SESSION_COOKIE = "councils_session"
CSRF_COOKIE = "councils_csrf"
FLASH_COOKIE = "councils_flash"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 12 * 3600


@dataclass
class WebSession:
    """What a page needs to know about its visitor, and the cookies to send back."""

    account: Account | None
    nonce: str
    new_nonce: bool
    csrf_token: str
    flash: list[str] = field(default_factory=list)
    clear_flash: bool = False
    set_session: str | None = None
    clear_session: bool = False

    def apply(self, response: Response, secure: bool = False) -> Response:
        if self.new_nonce:
            response.set_cookie(CSRF_COOKIE, self.nonce, httponly=True, samesite="strict",
                                secure=secure, path="/")
        if self.set_session is not None:
            response.set_cookie(SESSION_COOKIE, self.set_session, httponly=True, samesite="lax",
                                secure=secure, path="/", max_age=12 * 3600)
        if self.clear_session:
            response.delete_cookie(SESSION_COOKIE, path="/")
        if self.clear_flash:
            response.delete_cookie(FLASH_COOKIE, path="/")
        return response


def _serializer(svc: Services, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(svc.accounts.secret("web"), salt=salt)


def web_session(request: Request) -> WebSession:
    """Resolve (once per request) the visitor's account, CSRF nonce and pending flash."""
    cached: WebSession | None = getattr(request.state, "web", None)
    if cached is not None:
        return cached
    svc: Services = request.app.state.services
    account = svc.accounts.from_token(request.cookies.get(SESSION_COOKIE), "web")
    nonce = request.cookies.get(CSRF_COOKIE) or ""
    new = len(nonce) < 20
    if new:
        nonce = secrets.token_urlsafe(24)
    flash: list[str] = []
    raw_flash = request.cookies.get(FLASH_COOKIE)
    if raw_flash:
        try:
            loaded = _serializer(svc, "flash").loads(raw_flash, max_age=300)
            flash = [str(m) for m in loaded] if isinstance(loaded, list) else []
        except BadSignature:
            flash = []
    session = WebSession(account, nonce, new, _serializer(svc, "csrf").dumps(nonce), flash,
                         clear_flash=raw_flash is not None)
    request.state.web = session
    return session


def check_csrf(request: Request, submitted: object) -> None:
    """Refuse a form that did not come from a page of this site in this browser."""
    session = web_session(request)
    svc: Services = request.app.state.services
    try:
        value = _serializer(svc, "csrf").loads(str(submitted or ""), max_age=CSRF_MAX_AGE)
    except BadSignature:
        value = None
    if session.new_nonce or not isinstance(value, str) or not secrets.compare_digest(value, session.nonce):
        raise Forbidden("CSRF", "the form expired or did not come from this site; reload the page "
                                "and send it again")


def set_flash(request: Request, response: Response, *messages: str) -> Response:
    svc: Services = request.app.state.services
    response.set_cookie(FLASH_COOKIE, _serializer(svc, "flash").dumps(list(messages)),
                        httponly=True, samesite="lax", path="/", max_age=300)
    return response


def sign_in(request: Request, account: Account) -> None:
    """Open a web session and renew the CSRF nonce (no token from before survives)."""
    svc: Services = request.app.state.services
    session = web_session(request)
    session.set_session = svc.accounts.open_session(account, "web")
    session.account = account
    session.nonce = secrets.token_urlsafe(24)
    session.new_nonce = True
    session.csrf_token = _serializer(svc, "csrf").dumps(session.nonce)


def sign_out(request: Request) -> None:
    svc: Services = request.app.state.services
    svc.accounts.close_session(request.cookies.get(SESSION_COOKIE))
    session = web_session(request)
    session.account = None
    session.clear_session = True


RECEIPTS_COOKIE = "councils_receipts"
RECEIPTS_KEPT = 30


def receipts(request: Request) -> dict[str, str]:
    """The signed-in person's receipts kept in this browser: question id -> receipt.

    Receipts are kept only in the person's own browser (a signed cookie), never on the
    server beside their name: a secret ballot stays unlinkable to its voter in the record,
    while the person can come back to their receipt after the page that showed it.
    """
    session = web_session(request)
    raw = request.cookies.get(RECEIPTS_COOKIE)
    if not raw or session.account is None or not session.account.person:
        return {}
    svc: Services = request.app.state.services
    try:
        loaded = _serializer(svc, "receipts").loads(raw)
    except BadSignature:
        return {}
    if not isinstance(loaded, dict) or loaded.get("person") != session.account.person:
        return {}
    kept = loaded.get("receipts")
    return {str(k): str(v) for k, v in kept.items()} if isinstance(kept, dict) else {}


def keep_receipt(request: Request, response: Response, question: str, receipt: str) -> None:
    """Add a receipt to the person's browser (the newest RECEIPTS_KEPT are kept)."""
    session = web_session(request)
    if session.account is None or not session.account.person:
        return
    kept = receipts(request)
    kept.pop(question, None)
    kept[question] = receipt
    kept = dict(list(kept.items())[-RECEIPTS_KEPT:])
    svc: Services = request.app.state.services
    value = _serializer(svc, "receipts").dumps({"person": session.account.person, "receipts": kept})
    response.set_cookie(RECEIPTS_COOKIE, value, httponly=True, samesite="lax", path="/",
                        max_age=180 * 24 * 3600)


ISSUED_COOKIE = "councils_issued"


def hand_over(request: Request, response: Response, shown: dict[str, str]) -> None:
    """Carry a once-shown secret (a new sign-in's password) across the redirect after its form.

    It rides in a signed, HttpOnly, SameSite=Strict cookie of the clerk's own browser that
    lives five minutes and is cleared by the page that shows it, so a reload of that page
    does not issue a second sign-in, and the password is not kept anywhere else.
    """
    svc: Services = request.app.state.services
    response.set_cookie(ISSUED_COOKIE, _serializer(svc, "issued").dumps(shown), httponly=True,
                        samesite="strict", path="/clerk", max_age=300)


def take_over(request: Request, response_cookies: list[str]) -> dict[str, str] | None:
    """The handed-over secret, once: the caller clears the cookie (named in response_cookies)."""
    raw = request.cookies.get(ISSUED_COOKIE)
    if not raw:
        return None
    response_cookies.append(ISSUED_COOKIE)
    svc: Services = request.app.state.services
    try:
        loaded = _serializer(svc, "issued").loads(raw, max_age=300)
    except BadSignature:
        return None
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else None
