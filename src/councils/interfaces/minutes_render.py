"""The minutes of a body as a standalone HTML page and as a PDF (WeasyPrint), for every interface.

The page carries its own style and no script or link to fetch, so the same HTML is served
by the web, written by `councils minutes`, and laid out by WeasyPrint into a PDF. Its words
go through gettext like every page's: the web passes its catalogues' functions and the
visitor's language; the CLI, which has none, writes English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, select_autoescape

from councils.application.minutes import Minutes
from councils.domain.state import State

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]

# The web's templates folder, by path: importing the web package here would import the web's pages.
_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "web" / "templates"),
                   autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"])
_env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]


@cache
def _translated(gettext: Gettext, ngettext: Ngettext) -> Environment:
    """The same templates speaking through the given catalogues (one environment per pair)."""
    env = _env.overlay()
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def _when(lang: str) -> Callable[[str | None], str]:
    try:
        where = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        where = Locale.parse("en")

    def when(value: str | None) -> str:
        """An ISO timestamp as the reader's locale writes it (as it is if it is not one)."""
        if not value:
            return ""
        try:
            return str(format_datetime(datetime.fromisoformat(value), "medium", locale=where))
        except ValueError:
            return value
    return when


def minutes_html(m: Minutes, lang: str = "en", gettext: Gettext | None = None,
                 ngettext: Ngettext | None = None, texts: Mapping[str, str] | None = None) -> str:
    """The page; `texts` gives a question's text in the reader's language, a candidate's name, by id."""
    env = _translated(gettext, ngettext or _plural) if gettext is not None else _env
    return env.get_template("minutes.html").render(m=m, lang=lang, when=_when(lang), texts=texts or {})


def candidate_names(state: State, m: Minutes) -> dict[str, str]:
    """The candidates of the minutes' elections (their options and winners) by name."""
    found: dict[str, str] = {}
    for d in m.decisions:
        for option in [*d.tallies, *d.outcome.split(", ")]:
            person = state.persons.get(option)
            if person is not None and person.name:
                found[option] = person.name
    return found


def _plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def minutes_pdf(m: Minutes, lang: str = "en", gettext: Gettext | None = None,
                ngettext: Ngettext | None = None, texts: Mapping[str, str] | None = None) -> bytes:
    """The same page laid out as a PDF (WeasyPrint, imported on first use: it is heavy)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=minutes_html(m, lang, gettext, ngettext, texts)).write_pdf()
    return pdf
