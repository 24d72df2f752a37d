"""The interface's languages: gettext catalogues (Babel's PO files) and the chosen locale.

Catalogues live in `locale/<lang>/LC_MESSAGES/messages.po` and are read with Babel when
first needed (no compiled `.mo` to keep in step). The language of a request is, in
order: the person's own setting (the `lang` cookie set from the language menu, else the
language a signed-in person chose on My notices), the browser's `Accept-Language`, the
republic's first language, English. It is held in a
context variable for the request, so `gettext` anywhere under a page's rendering speaks
the visitor's language; outside a request it is English.

`make messages` (see the Makefile) extracts the strings and updates the catalogues.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po
from starlette.types import ASGIApp, Receive, Scope, Send

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "uk": "Українська"}
DEFAULT = "en"
_current: ContextVar[str] = ContextVar("councils_language", default=DEFAULT)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (it is translated when shown)."""
    return message


@cache
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    """msgid -> msgstr (or the plural forms) of one language; empty for English."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return {}
    path = resources.files("councils.interfaces.web") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    found: dict[str, str | tuple[str, ...]] = {}
    for message in cat:
        if not message.id or not message.string or message.fuzzy:
            continue
        key = str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)
        found[key] = (tuple(message.string) if isinstance(message.string, (tuple, list))
                      else message.string)
    return found


def language() -> str:
    return _current.get()


def use(lang: str) -> None:
    """Speak `lang` for the rest of this request (or context)."""
    _current.set(lang if lang in LANGUAGES else DEFAULT)


def gettext(message: str) -> str:
    found = catalogue(_current.get()).get(message)
    if isinstance(found, str) and found:
        return found
    if isinstance(found, tuple) and found and found[0]:
        return found[0]
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    lang = _current.get()
    found = catalogue(lang).get(singular)
    if isinstance(found, tuple) and found:
        index = plural_index(lang, n)
        if index < len(found) and found[index]:
            return found[index]
    elif isinstance(found, str) and found:
        return found
    return singular if n == 1 else plural


def plural_index(lang: str, n: int) -> int:
    """The CLDR plural form's index as the PO files number them (one, few, many)."""
    if lang in ("ru", "uk"):
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def choose(setting: str | None, accept_language: str | None, republic_languages: list[str]) -> str:
    """The request's language: the person's setting, else the browser's, else the republic's."""
    if setting in LANGUAGES:
        return str(setting)
    for lang in _accepted(accept_language or ""):
        if lang in LANGUAGES:
            return lang
    for lang in republic_languages:
        if lang in LANGUAGES:
            return lang
    return DEFAULT


def _accepted(header: str) -> list[str]:
    """Accept-Language's languages, best first (`uk-UA,uk;q=0.9,en;q=0.5` -> uk, uk, en)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        if tag and weight > 0:
            ranked.append((-weight, i, tag.split("-")[0].lower()))
    return [t for _, _, t in sorted(ranked)]


@cache
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)


def language_name(code: str) -> str:
    """A language's code ("uk", "ro") as the reader's language names it ("украинский")."""
    try:
        named = Locale.parse(code.replace("-", "_")).get_display_name(locale(language()))
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return named or code


COOKIE = "councils_lang"


class LanguageMiddleware:
    """Choose each request's language from its headers before any handler runs.

    The cookie (the person's own setting) and Accept-Language are read here; the page's
    renderer refines it with the republic's languages where neither says anything.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                       for k, v in scope.get("headers", [])}
            setting = None
            for part in headers.get("cookie", "").split(";"):
                key, _, value = part.strip().partition("=")
                if key == COOKIE:
                    setting = value
            use(choose(setting, headers.get("accept-language"), []))
        await self.app(scope, receive, send)
