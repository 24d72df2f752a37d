"""Every page at a desktop and a phone width: axe-core clean, no sideways scrolling, and
photographed for the gallery (docs/screenshots.md, `make screenshots`).

Pages are grouped by who looks at them (no one, an elector, a clerk, the administrator), one
browser context per group and width, so each group signs in once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}

# (url, screenshot name, a text the page's h1 contains)
PAGES: dict[str, list[tuple[str, str, str]]] = {
    "-": [
        ("/", "home", "Unions and republics"),
        ("/questions", "questions", "Questions"),
        ("/questions?q=tram&status=decided", "questions-search", "Questions"),
        ("/questions/kharkiv-by-election", "question-election", "By-election"),
        ("/questions/kharkiv-tram", "question-motion", "tram"),
        ("/questions/assembly-tram", "question-motion-rejected", "tram"),
        ("/questions/kharkiv-recalls", "question-recall", ""),
        ("/questions/georgia-leaves", "question-secession", ""),
        ("/questions/assembly-separates", "question-overridden", "Ukraine separates"),
        ("/unions/union", "union", "Union of Council Republics"),
        ("/republics/ukraine", "republic", "Ukrainian Council Republic"),
        ("/republics/ukraine/secession", "secession-rules", "Secession of"),
        ("/republics/armenia/accession", "accession", "Accession of"),
        ("/bodies/ukraine/kharkiv", "body", "Kharkiv"),
        ("/ledger", "ledger", "Ledger"),
        ("/ledger?type=QuestionDecided", "ledger-filtered", "Ledger"),
        ("/ledger?after=99999", "ledger-beyond", "Ledger"),
        ("/signin", "signin", "Sign in"),
        ("/questions/no-such-question", "not-found", "Not found"),
        ("/clerk", "sign-in-needed", "Sign in needed"),
        ("/questions/kharkiv-by-election/receipt?code=0000", "receipt-check", "Receipt check"),
        ("/petitions", "petitions", ""),
        ("/polities/ukraine/nations", "nations", ""),
        ("/questions/kharkiv-tram/comments", "comments", ""),
        ("/petitions/kharkiv-petition", "petition", ""),
        ("/bodies/ukraine/kharkiv/minutes", "minutes", "Minutes of Kharkiv"),
        ("/ledger/verification", "verification", ""),
        ("/republics/volga/pyramid", "pyramid", ""),
        ("/polities/rsfsr/treaties", "treaties", ""),
        ("/polities/ukraine/territory", "territory", ""),
        ("/bodies/ukraine/kharkiv/sittings", "sittings", ""),
        ("/sittings/kharkiv-sitting-1", "sitting", ""),
    ],
    "ukraine-taras": [
        ("/", "home-elector", "Unions and republics"),
        ("/me", "me-elector", ""),
        ("/questions/kharkiv-tram", "question-elector", "tram"),
        ("/clerk/ukraine", "forbidden", "Not allowed"),
        ("/me/notices", "notices", ""),
        ("/me/password", "password", ""),
        ("/petitions/new", "petition-new", ""),
        ("/tellers", "tellers", ""),
    ],
    "clerk@ukraine": [
        ("/clerk", "clerk-desk", "Clerk's desk"),
        ("/clerk/ukraine", "clerk-page", "Clerk of"),
        ("/republics/ukraine/people", "register", "Register of residents"),
        ("/questions/new", "new-question-where", "Open a question"),
        ("/questions/new?body=ukraine/kharkiv&kind=election", "new-election", "Open a question"),
        ("/questions/new?body=ukraine/congress&kind=amendment", "new-amendment", "Open a question"),
        ("/me", "me-clerk", ""),
        ("/register/ukraine-olena", "register-person", ""),
        ("/questions/new?body=ukraine/kharkiv&kind=poll", "new-poll", "Open a question"),
        ("/polities/ukraine/nations", "nations-clerk", ""),
        ("/polities/ukraine/treaties", "treaties-clerk", "Treaties of"),
        ("/polities/ukraine/territory", "territory-clerk", "Languages and territory of"),
        ("/bodies/ukraine/kharkiv/sittings", "sittings-clerk", "Sittings of"),
    ],
    "admin": [
        ("/admin", "admin", "Administration"),
    ],
}


def _check(page: Page, url: str, heading: str, width: int) -> list[str]:
    page.goto(url)
    if heading:
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    problems = []
    try:
        assert_accessible(page)
    except AssertionError as exc:
        problems.append(str(exc))
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        problems.append(f"{url}: the page scrolls sideways at {width} px ({scroll} px wide)")
    return problems


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("login", list(PAGES))
def test_every_page_is_accessible_fits_the_screen_and_is_photographed(
        browser: Browser, base_url: str, screenshots: Path, login: str, width_name: str) -> None:
    width, height = WIDTHS[width_name]
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        if login != "-":
            sign_in(page, login)
        problems: list[str] = []
        for url, name, heading in PAGES[login]:
            problems += _check(page, url, heading, width)
            page.screenshot(path=str(screenshots / f"{name}-{width_name}.png"), full_page=True)
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_narrowest_phone_320_px_scrolls_no_page_sideways(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = []
    for url, _name, _heading in PAGES["-"]:
        page.goto(url)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > 320:
            wide.append(f"{url}: {scroll} px")
    context.close()
    assert not wide, "pages wider than 320 px: " + ", ".join(wide)


def test_an_elector_votes_with_the_keyboard_alone_and_a_reload_sends_nothing(
        page: Page, screenshots: Path) -> None:
    sign_in(page, "clerk@ukraine")
    page.goto("/questions/new?body=ukraine/kharkiv&kind=motion")
    page.get_by_label("Text of the question").fill("Open a reading room (keyboard)")
    page.get_by_role("button", name="Open the question").click()
    question = page.url
    sign_out(page)
    sign_in(page, "ukraine-olena")
    page.goto(question)
    # Tab from the top of the page to the first option, choose with the arrow keys, send with Enter.
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "choice":
            break
    else:
        raise AssertionError("Tab never reached the ballot's options")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # radio buttons: the arrow moves the choice to "no"
    expect(page.get_by_label("no", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Cast my ballot")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot is cast")
    receipt = page.locator("#receipt").inner_text()
    assert page.url.endswith("/ballot-cast")  # redirected: a reload only reads the page again
    page.reload()
    expect(page.locator("#receipt")).to_have_text(receipt)
    expect(page.get_by_role("alert")).to_have_count(0)
    page.goto("/me")
    expect(page.locator("#receipts ~ ul")).to_contain_text(receipt)
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "me-receipts.png"), full_page=True)
    sign_out(page)


def test_the_api_documentation_works_offline_from_the_package(page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("councils")
    expect(page.locator(".opblock").first).to_be_visible()  # the endpoints, drawn by Swagger UI
    outside = [u for u in requested if not u.startswith(page.url.split("/api/")[0])]
    assert not outside, f"/api/docs asked another site: {outside}"


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_pages_in_russian_and_ukrainian_fit_a_phone_and_stay_accessible(
        browser: Browser, base_url: str, screenshots: Path, lang: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 740},
                                  locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    problems: list[str] = []
    for url, name in (("/", "home"), ("/questions/kharkiv-by-election", "question-election"),
                      ("/republics/ukraine", "republic"), ("/ledger", "ledger"),
                      ("/questions?q=tram", "questions-search")):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        problems += _check(page, url, "", 375)
        page.screenshot(path=str(screenshots / f"{name}-phone-{lang}.png"), full_page=True)
    context.close()
    assert not problems, "\n".join(problems)
