"""Rendering pages: one Jinja2 environment, the visitor's session and language in every template.

Autoescaping is on for every template, so names and texts from the ledger are always
shown as text, never as markup. Every interface string goes through gettext (Jinja's
i18n extension, catalogues in `locale/`); ids reach a page only as secondary detail:
`name_of` turns any id of the record into the name a person knows it by.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.concurrency import run_in_threadpool

from councils.application.authorisation import Unauthenticated, permissions
from councils.application.records import latest_checkpoint
from councils.domain.errors import DomainError
from councils.domain.state import State
from councils.interfaces.api.errors import problem
from councils.interfaces.api.services import Services
from councils.interfaces.web import charts, i18n, maps, notes, plain, words
from councils.interfaces.web.session import CSRF_FIELD, set_flash, web_session

LANG_COOKIE = i18n.COOKIE

env = Environment(loader=PackageLoader("councils.interfaces.web", "templates"),
                  autoescape=select_autoescape(default=True, default_for_string=True),
                  trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]


def _explain(rule: str | None, error: str = "") -> str:
    return i18n.gettext(plain.explain(rule, error))


def _next_step(rule: str | None, error: str = "") -> str:
    return i18n.gettext(plain.next_step(rule, error))


def local_date(value: str | None) -> str:
    """An ISO timestamp as the visitor's locale writes a date: the templates' `date` filter, and
    public so that a page's title made in Python writes its date the same way."""
    if not value:
        return ""
    try:
        return format_date(datetime.fromisoformat(value), "long", locale=i18n.locale(i18n.language()))
    except ValueError:
        return value[:10]


def _datetime(value: str | None) -> str:
    if not value:
        return ""
    try:
        return format_datetime(datetime.fromisoformat(value), "medium",
                               locale=i18n.locale(i18n.language()))
    except ValueError:
        return value.replace("T", " ")[:16]


def _number(value: Any) -> str:
    try:
        return str(format_decimal(value, locale=i18n.locale(i18n.language())))
    except (TypeError, ValueError):
        return str(value)


def _percent(value: Any) -> str:
    try:
        return str(format_percent(float(value), locale=i18n.locale(i18n.language())))
    except (TypeError, ValueError):
        return str(value)


env.globals.update(explain=_explain, next_step=_next_step, shown=charts.shown,
                   short=lambda name: (name.split() or [""])[0][:13],
                   CSRF_FIELD=CSRF_FIELD, LANGUAGES=i18n.LANGUAGES, territory_map=maps.map_of,
                   label_text=maps.label_text)
env.filters.update(kind_name=words.body_kind_name, question_kind=words.kind_name,
                   class_name=words.class_name, council_kind=words.council_kind_name,
                   method_name=words.method_name, threshold_name=words.threshold_name,
                   status_name=words.status_name, role_name=words.role_name,
                   option_name=words.option_name, rule_name=words.rule_name,
                   competence_name=words.competence_name, ground_name=words.ground_name, count_note=notes.say,
                   date=local_date, datetime=_datetime,
                   number=_number, percent=_percent,
                   extract=lambda key, table: table.get(key, key), language_name=i18n.language_name)


@pass_context
def _in_words(context: Context, text: str | None) -> str:
    """A reason the record holds (an override's, say) with names for its ids, as refusals are shown."""
    names: Names = context["name_of"]
    return plain.humanise(str(text or ""), names.find, names.code)


env.filters["in_words"] = _in_words


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def body_display_name(state: State, body_id: str) -> str | None:
    """A body's name, with its republic's name where the default name carries the bare id."""
    body = state.bodies.get(body_id)
    if body is None:
        return None
    polity = state.polities.get(body.polity)
    suffix = f" of {body.polity}"
    if polity is not None and body.name.endswith(suffix):
        return body.name[: -len(suffix)] + f" of {polity.name}"
    return body.name


class Names:
    """Display names for ids of the record: republics, unions, bodies, people, questions."""

    def __init__(self, state: State) -> None:
        self.state = state

    def __call__(self, ident: str | None) -> str:
        if not ident:
            return ""
        return self.find(ident) or ident

    def find(self, ident: str) -> str | None:
        s = self.state
        if ident in s.polities:
            return s.polities[ident].name
        if ident in s.bodies:
            return body_display_name(s, ident)
        person = s.persons.get(ident)
        if person is not None:
            return person.name or person.id
        question = s.questions.get(ident)
        if question is not None:
            return f"“{question.text}”"
        return None

    @staticmethod
    def code(word: str) -> str | None:
        """A quoted code of the vocabularies ('former_police') in words."""
        if word in words.CLASS_NAMES:
            return words.class_name(word)
        if word in words.METHOD_NAMES:
            return words.method_name(word)
        return None

    def question_text(self, ident: str | None) -> str:
        question = self.state.questions.get(ident or "")
        return question.text_in(i18n.language()) if question is not None else (ident or "")

    def effective_at(self, q: dict[str, Any]) -> str | None:
        """When a decided secession takes (or took) effect, from the republic's record."""
        polity = self.state.polities.get(q.get("polity", ""))
        if polity is None:
            return None
        if polity.seceding and polity.seceding.get("question") == q.get("id"):
            return str(polity.seceding["effective_at"])
        for entry in reversed(polity.timeline):
            if entry.get("event") == "seceded":
                return str(entry.get("at"))
        return None

    def verdict(self, q: dict[str, Any]) -> words.Verdict | None:
        """The result of a question summary or detail, in the words of its kind."""
        if q.get("status") == "open":
            return None
        if q.get("winners") is not None:
            winners = [self(w["id"]) if isinstance(w, dict) else self(w) for w in q["winners"]]
        else:
            question = self.state.questions.get(q.get("id", ""))
            winners = [self(w) for w in (question.winners if question is not None else ())]
        effective = self.effective_at(q) if q.get("kind") == "secession" else None
        threshold = q.get("threshold")
        if threshold is None:
            question = self.state.questions.get(q.get("id", ""))
            threshold = question.threshold if question is not None else None
        return words.verdict(q, winners, local_date(effective) if effective else None, threshold)


def language_of(request: Request, state: State) -> str:
    """The person's setting, else Accept-Language, else the republic's first language.

    The setting is the language menu's choice on this browser (a cookie), else the language the
    person chose for themselves on My notices, which follows them to any browser they sign in on.
    """
    account = web_session(request).account
    setting = request.cookies.get(LANG_COOKIE)
    republic_languages: list[str] = []
    if account is not None and account.person:
        person = state.persons.get(account.person)
        polity = state.polities.get(person.republic) if person is not None else None
        if polity is not None:
            republic_languages = list(getattr(polity, "languages", ()) or ()) or list(
                state.nations.languages.get(polity.id, ()))
        if setting not in i18n.LANGUAGES:
            setting = services(request).gov.ledger.outbox.preferences(account.person).language
    return i18n.choose(setting, request.headers.get("accept-language"), republic_languages)


def prepare(request: Request) -> Names:
    """Choose the request's language and give its name resolver (once per request)."""
    cached: Names | None = getattr(request.state, "names", None)
    if cached is not None:
        return cached
    state = services(request).authorised.state()
    i18n.use(language_of(request, state))
    names = Names(state)
    request.state.names = names
    return names


MISSING = {"account": i18n.N_("no account %(id)s"), "body": i18n.N_("no body %(id)s"),
           "council": i18n.N_("no council %(id)s"), "person": i18n.N_("no person %(id)s"),
           "petition": i18n.N_("no petition %(id)s"), "question": i18n.N_("no question %(id)s"),
           "republic": i18n.N_("no republic %(id)s"), "union": i18n.N_("no union %(id)s"),
           "treaty": i18n.N_("no treaty %(id)s")}
_MISSING = re.compile(r"^no (account|body|council|person|petition|question|republic|union|treaty) '([^']*)'$")


def humane(request: Request, error: dict[str, Any] | None) -> dict[str, Any] | None:
    """A refusal's body with its reason in people's words (names, no command names)."""
    if not error:
        return error
    names = prepare(request)
    reason = str(error.get("reason") or error.get("message") or "")
    missing = _MISSING.match(reason)
    if missing:  # what was not found, in the reader's language
        said = i18n.gettext(MISSING[missing.group(1)]) % {"id": f"“{missing.group(2)}”"}
        return {**error, "reason": said, "raw_reason": reason}
    if reason in notes.SIGN_IN_REASONS:  # why to sign in, in the reader's language
        return {**error, "reason": i18n.gettext(reason), "raw_reason": reason}
    return {**error, "reason": plain.humanise(reason, names.find, names.code),
            "raw_reason": reason}


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    session = web_session(request)
    svc = services(request)
    names = prepare(request)
    with svc.authorised.lock:
        can = permissions(svc.gov.state, session.account, svc.gov.clock().year)
    if isinstance(context.get("error"), dict):
        context["error"] = humane(request, context["error"])
    html = env.get_template(template).render(
        request=request, me=session.account, csrf_token=session.csrf_token, flash=session.flash,
        can=can, path=request.url.path, name_of=names, question_text=names.question_text,
        verdict_of=names.verdict, lang=i18n.language(),
        query=request.url.query, checkpoint=latest_checkpoint(svc.checkpoints), **context)
    response = HTMLResponse(html, status_code=status)
    response.headers["Content-Language"] = i18n.language()
    session.apply(response)
    return response


def redirect(request: Request, url: str, *flash: str) -> Response:
    """After a successful form: see the result (Post/Redirect/Get), with a message once."""
    response = RedirectResponse(url, status_code=303)
    web_session(request).apply(response)
    if flash:
        set_flash(request, response, *flash)
    return response


Done = TypeVar("Done")


def send(request: Request, raw: dict[str, Any], unsigned: str | None = None) -> Any:
    """`raw` sent through the authorised writer as the signed-in account (run it in a worker
    thread: it takes the ledger's lock); `unsigned`, if given, says why to sign in, to one who
    has not, before anything is asked of the writer."""
    account = web_session(request).account
    if account is None and unsigned is not None:
        raise Unauthenticated(unsigned)
    return services(request).authorised.handle(account, raw)


async def redraw(request: Request, template: str, context: Callable[[], dict[str, Any]], status: int,
                 error: dict[str, Any], **kept: Any) -> HTMLResponse:
    """A refused form's page again: `template` over `context()` (drawn in a worker thread: it takes
    the state's lock), with the refusal (`error`, shown in people's words) and what was typed or
    chosen (`kept`), so that nothing has to be typed twice."""
    ctx = await run_in_threadpool(context)
    ctx.update(error=error, **kept)
    return render(request, template, status=status, **ctx)


async def attempt(request: Request, act: Awaitable[Done], then: Callable[[Done], tuple[str, str]], template: str,
                  context: Callable[[], dict[str, Any]], **kept: Any) -> Response:
    """A form's command, the one way every form sends it: `act` (a command through the authorised
    writer, in a worker thread); done, the page `then` names with its message (called after the
    visitor's language is chosen), Post/Redirect/Get; refused, the form's page again with the
    refusal and what was typed (`redraw`), with the status the API answers that refusal with."""
    try:
        result = await act
    except DomainError as exc:
        return await redraw(request, template, context, *problem(exc), **kept)
    prepare(request)  # the message in the visitor's language
    url, said = then(result)
    return redirect(request, url, said)


TITLES = {"forbidden": i18n.N_("Not allowed"), "not found": i18n.N_("Not found"),
          "unauthenticated": i18n.N_("Sign in needed"),
          "too many requests": i18n.N_("Too many attempts"),
          "method not allowed": i18n.N_("Not possible here")}


def error_page(request: Request, status: int, body: dict[str, Any]) -> Response:
    """Every error as a page: what was not found or not allowed, the rule, what to do next."""
    prepare(request)
    title = i18n.gettext(TITLES.get(str(body.get("error")), i18n.N_("Could not be done")))
    return render(request, "error.html", status=status, error=body, title=title, heading=title)
