"""Every language of the union (issue 16): the web's interface strings are complete in
Russian and Ukrainian, no template shows text that skips the catalogues, and each request
speaks the person's setting, else the browser's Accept-Language, else the republic's
first language, with dates and numbers written as the locale writes them."""

from __future__ import annotations

import html
import re
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.application.notices import choose
from councils.interfaces.api import create_app
from councils.interfaces.web import i18n
from tests.interfaces.api_support import FAST, PASSWORD, add_demo_accounts

pytest_plugins = ("tests.interfaces.api_fixtures",)

WEB = Path(str(resources.files("councils.interfaces.web")))
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n,jinja2.ext.do",
                                    "trim_blocks": "true", "lstrip_blocks": "true"}}
PLACEHOLDER = re.compile(r"%\(\w+\)s")
NAMES = {"councils", "PDF", "CSV", "API"}  # names, the same in every language


def interface_strings() -> dict[str, tuple[str, ...]]:
    """Every string the web marks for translation, as Babel extracts it (`make messages`)."""
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(WEB), METHODS, OPTIONS, KEYWORDS):
        forms = (message,) if isinstance(message, str) else tuple(m for m in message if m)
        found[forms[0]] = forms
    return found


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_every_interface_string_is_translated(lang: str) -> None:
    strings = interface_strings()
    assert len(strings) > 500
    catalogue = i18n.catalogue(lang)
    untranslated = [s for s in strings if not catalogue.get(s)]
    assert not untranslated, f"{len(untranslated)} untranslated in {lang}: {untranslated[:10]}"
    for singular, forms in strings.items():
        translated = catalogue[singular]
        wanted = set(PLACEHOLDER.findall(forms[-1])) - ({"%(num)s"} if len(forms) > 1 else set())
        for text in (translated,) if isinstance(translated, str) else translated:
            assert wanted <= set(PLACEHOLDER.findall(text)), f"{lang}: {singular!r} -> {text!r}"
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(" ".join(forms)))


def visible_literals(template: str) -> list[str]:
    """English words a template shows as literal text, outside any Jinja expression or tag."""
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", template, flags=re.S)
    text = re.sub(r"<(code|script|style)[^>]*>.*?</\1>", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]*>", " ", text, flags=re.S))
    text = re.sub(r"[\w.-]*\.(?:json|key|pdf|csv|html|txt)\b", " ", text)  # file names are names
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'’]+", text) if w not in NAMES]


def test_no_template_shows_text_outside_the_catalogues() -> None:
    leaking = {p.name: visible_literals(p.read_text(encoding="utf-8"))
               for p in sorted((WEB / "templates").glob("*.html"))}
    assert not {name: found[:8] for name, found in leaking.items() if found}


def test_plural_forms_follow_each_language() -> None:
    i18n.use("ru")
    try:
        assert [i18n.ngettext("%(num)s resident", "%(num)s residents", n) for n in (1, 3, 5, 21)] == [
            "%(num)s житель", "%(num)s жителя", "%(num)s жителей", "%(num)s житель"]
        i18n.use("uk")
        assert i18n.ngettext("%(num)s seat", "%(num)s seats", 12) == "%(num)s місць"
    finally:
        i18n.use("en")


def test_language_is_chosen_by_setting_then_browser_then_republic() -> None:
    assert i18n.choose("uk", "ru,en", ["en"]) == "uk"
    assert i18n.choose(None, "de-DE,ru;q=0.8,en;q=0.5", ["uk"]) == "ru"
    assert i18n.choose(None, "de-DE,fr;q=0.8", ["uk", "ru"]) == "uk"
    assert i18n.choose("xx", None, []) == "en"


@pytest.fixture
def browser(demo_gov: Governance) -> TestClient:
    return TestClient(create_app(demo_gov, hasher=FAST, scheduler=False), follow_redirects=False)


def test_pages_speak_the_visitors_language_with_its_dates_and_numbers(browser: TestClient) -> None:
    ukrainian = browser.get("/questions/kharkiv-tram", headers={"Accept-Language": "uk-UA,uk"}).text
    assert '<html lang="uk">' in ukrainian and "Ухвалено" in ukrainian
    assert re.search(r"\d+ (січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|"
                     r"листопада|грудня) \d{4}", ukrainian), "a date written the Ukrainian way"
    russian = browser.get("/", headers={"Accept-Language": "ru"}).text
    assert "Союзы и республики" in russian and "Недавно решённые" in russian
    browser.cookies.set("councils_lang", "en")  # the person's own setting wins over the browser
    assert "Unions and republics" in browser.get("/", headers={"Accept-Language": "ru"}).text
    browser.cookies.clear()
    refusal = browser.get("/questions/nothing-here", headers={"Accept-Language": "ru"})
    ledger = browser.get("/ledger?after=0&limit=500", headers={"Accept-Language": "uk"}).text
    assert "Реєстр подій" in ledger
    assert refusal.status_code == 404 and "Что делать дальше" in refusal.text


def _sign_in(client: TestClient, login: str) -> None:
    page = client.get("/signin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the sign-in form carries its CSRF token"
    response = client.post("/signin", data={"csrf_token": token.group(1), "login": login,
                                             "password": PASSWORD, "next": "/"})
    assert response.status_code == 303, response.text


def test_a_person_who_says_nothing_is_answered_in_their_republics_first_language(
        demo_gov: Governance, browser: TestClient) -> None:
    demo_gov.handle({"cmd": "declare_languages", "holder": "ukraine", "languages": ["uk", "ru"]})
    add_demo_accounts(demo_gov)
    assert '<html lang="en">' in browser.get("/").text  # no setting, no browser language, no republic
    _sign_in(browser, "ukraine-taras")  # a Ukrainian elector; the test client sends no Accept-Language
    assert '<html lang="uk">' in browser.get("/").text
    assert '<html lang="ru">' in browser.get("/", headers={"Accept-Language": "ru"}).text  # the browser's first
    # The language the person chose for themselves (on My notices) follows them to any browser.
    choose(demo_gov.ledger.outbox, "ukraine-taras", None, (), "ru")
    assert '<html lang="ru">' in browser.get("/", headers={"Accept-Language": "uk"}).text
    browser.cookies.set("councils_lang", "en")  # the menu's choice on this browser goes first
    assert '<html lang="en">' in browser.get("/", headers={"Accept-Language": "uk"}).text


def test_question_texts_are_shown_in_the_viewers_language_in_lists_and_minutes(browser: TestClient) -> None:
    ukrainian = {"Accept-Language": "uk"}
    said = "Молдавська республіка відокремлюється від України"
    listed = browser.get("/questions?status=decided&limit=200", headers=ukrainian).text
    assert said in listed
    assert said not in browser.get("/questions?status=decided&limit=200").text  # English for an English reader
    minutes = browser.get("/bodies/ukraine/moldavia-congress/minutes", headers=ukrainian)
    assert minutes.status_code == 200 and '<html lang="uk">' in minutes.text
    assert said in minutes.text and "Протоколи" in minutes.text and "Рішення" in minutes.text
    assert re.search(r"\d{1,2} (січ|лют|бер|квіт|трав|черв|лип|серп|вер|жовт|лист|груд)\w*\.? \d{4}", minutes.text)


def test_minutes_and_an_override_name_people_and_questions_not_ids(browser: TestClient) -> None:
    minutes = browser.get("/bodies/ukraine/kharkiv/minutes", headers={"Accept-Language": "ru"}).text
    assert "ukraine-olena" not in minutes and "<td>Olena</td>" in minutes  # the election's candidates
    overridden = browser.get("/questions/assembly-separates").text
    reason = overridden[overridden.index("</a>: R2: "):][:400]  # after the link to the overriding question
    assert "congress-separates" not in reason and "Ukrainian Council Republic" in reason
