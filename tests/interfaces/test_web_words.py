"""The web in people's words (issue 16): names instead of ids, results in the words of each
kind, refusals that say what to do next, forms shown only to those who may use them, and
the pages that help find things. Over HTTP against the demo union on a real SQLite file."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from councils.application.governance import Governance
from councils.interfaces.api import create_app
from councils.interfaces.web import words
from councils.interfaces.web.plain import humanise
from tests.interfaces.api_support import FAST
from tests.interfaces.test_api_web import csrf, sign_in

pytest_plugins = ("tests.interfaces.api_fixtures",)


@pytest.fixture
def web(demo_gov: Governance) -> FastAPI:
    return create_app(demo_gov, hasher=FAST, scheduler=False)


@pytest.fixture
def browser(web: FastAPI) -> TestClient:
    return TestClient(web, follow_redirects=False)


def main(page: str) -> str:
    """The page's main content as text (no tags), spaces collapsed."""
    inner = page.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner))


def open_motion(browser: TestClient, question: str, body: str = "ukraine/kharkiv",
                method: str = "") -> None:
    sign_in(browser, "clerk@ukraine")
    url = f"/questions/new?body={body}&kind=motion"
    data = {"csrf_token": csrf(browser, url), "body": body, "kind": "motion",
            "question": question, "text": f"Question {question}"}
    if method:
        data["method"] = method
    response = browser.post("/questions/new", data=data)
    assert response.status_code == 303, response.text
    browser.post("/signout", data={"csrf_token": csrf(browser, "/")})


def vote_and_close(demo_gov: Governance, question: str, ballots: dict[str, str]) -> None:
    for voter, choice in ballots.items():
        demo_gov.handle({"cmd": "cast_ballot", "question": question, "voter": voter,
                         "choice": choice})
    demo_gov.handle({"cmd": "close_question", "question": question})


def test_a_tied_motion_reads_rejected_with_its_threshold_never_elected(
        browser: TestClient, demo_gov: Governance) -> None:
    open_motion(browser, "tie")
    vote_and_close(demo_gov, "tie", {"ukraine-taras": "yes", "ukraine-olena": "no"})
    text = main(browser.get("/questions/tie").text)
    assert "Rejected" in text and "simple majority of the votes cast" in text
    assert "Elected" not in text and "elected" not in text and "excluded" not in text
    assert "Outcome: no" not in text and "Candidate" not in text


def test_an_adopted_motion_and_an_election_speak_their_own_words(browser: TestClient) -> None:
    motion = main(browser.get("/questions/kharkiv-tram").text)
    assert "Adopted" in motion and "carried by a simple majority" in motion
    election = browser.get("/questions/kharkiv-by-election").text
    assert re.search(r'id="outcome">Elected:</strong> <span id="winners"><span title="ukraine-oksana">'
                     r"Oksana[^<(]*</span>", election)
    assert "elected" in main(election)  # the chart's status words belong to elections
    recall = main(browser.get("/questions/kharkiv-recalls").text)
    assert "Recalled" in recall and "the seat is vacant" in recall
    secession = main(browser.get("/questions/georgia-leaves").text)
    assert "Decided: leaves the union" in secession and "leaves its union" in secession


def test_pages_name_people_bodies_and_questions_rather_than_their_ids(browser: TestClient) -> None:
    body = main(browser.get("/bodies/ukraine/congress").text)
    assert "Elected in" in body and "ukraine-kharkiv-elects" not in body  # the question's title
    union = browser.get("/unions/union").text
    assert ">union</text>" not in union and ">ukraine</text>" not in union  # graph labels are names
    question = main(browser.get("/questions/ukraine-kharkiv-elects").text)
    assert "to Congress of Councils" in question and "to ukraine/congress" not in question
    assert "Assembly of ukraine" not in main(browser.get("/questions/assembly-tram").text)


def test_class_and_kind_vocabularies_have_display_names() -> None:
    assert words.class_name("former_police") == "former police"
    assert words.kind_name("motion") == "motion"
    assert words.method_name("stv") == "single transferable vote (ranked)"
    assert words.threshold_name("two_thirds") == "two thirds of the votes cast"


def test_a_refusal_names_people_and_bodies_and_drops_the_command_name() -> None:
    names = {"ukraine/kharkiv": "Kharkiv", "ukraine/congress": "Congress of Councils",
             "union": "Union of Council Republics"}
    said = humanise("ukraine/kharkiv has no vacant seat in ukraine/congress (1 seat(s))", names.get)
    assert said == "Kharkiv has no vacant seat in Congress of Councils (1 seat(s))"
    assert humanise("cast_ballot: an option appears twice in the ballot", names.get) == (
        "an option appears twice in the ballot")
    assert humanise("ukraine leaves its union", names.get) == "ukraine leaves its union"
    assert humanise("a member of union", names.get) == "a member of Union of Council Republics"


def test_a_404_says_what_was_not_found_without_internal_words(browser: TestClient) -> None:
    page = browser.get("/questions/no-such-question")
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text
    text = main(page.text)
    assert "Refused under unknown" not in text and "no question" in text
    assert "What to do next" in text and "Find a question" in text
    ukrainian = main(browser.get("/bodies/ukraine/odessa", headers={"Accept-Language": "uk"}).text)
    assert "немає органу “ukraine/odessa”" in ukrainian and "Що робити далі" in ukrainian


def test_the_ballot_form_is_shown_only_to_those_on_the_roll(browser: TestClient) -> None:
    open_motion(browser, "roll")
    sign_in(browser, "ukraine-nepman")
    page = browser.get("/questions/roll").text
    assert 'name="choice"' not in page and 'id="not-on-roll"' in page
    text = main(page)
    assert "Not on the roll: R1 franchise" in text and "trader" in text and "What to do next" in text
    browser.post("/signout", data={"csrf_token": csrf(browser, "/")})
    sign_in(browser, "byelorussia-ales")  # an elector of another republic's council
    assert 'name="choice"' not in browser.get("/questions/roll").text
    browser.post("/signout", data={"csrf_token": csrf(browser, "/")})
    sign_in(browser, "ukraine-taras")
    assert 'name="choice"' in browser.get("/questions/roll").text


def test_an_empty_ballot_is_refused_in_plain_words(browser: TestClient) -> None:
    open_motion(browser, "empty")
    sign_in(browser, "ukraine-taras")
    token = csrf(browser, "/questions/empty")
    refused = browser.post("/questions/empty/ballot", data={"csrf_token": token})
    assert refused.status_code == 422
    text = main(refused.text)
    assert "Please check the form" in text and "choose one option" in text
    assert "invalid command" not in text and "cast_ballot" not in text


def test_a_ranked_ballot_for_a_yes_no_question_ranks_options_not_candidates() -> None:
    from councils.interfaces.web.render import env

    template = env.get_template("question.html")
    q = {"id": "q", "text": "T", "kind": "motion", "body": "b", "polity": "p", "polity_name": "P",
         "status": "open", "method": "irv", "threshold": "simple", "quorum": "0", "secret": True,
         "details": {}, "ballot": "ranking", "participation": {"voted": 0, "electorate": 1,
                                                              "turnout": 0.0},
         "options": [{"id": "yes", "label": "yes"}, {"id": "no", "label": "no"}]}

    class Me:
        person, login, name, grants, is_admin = "p-1", "p-1", "P", (), False

    html = template.render(q=q, labels={"yes": "yes", "no": "no"}, me=Me(), on_roll=True,
                           you_voted=False, roll_reason={}, chosen={"rank": ["no"], "approve": [],
                                                                    "choice": ""},
                           name_of=str, question_text=str, can=lambda *a: False, path="/",
                           csrf_token="t", flash=[], lang="en", query="", error=None,
                           polity_kind="republic", title="T", verdict=None, winners=[],
                           statuses={}, chart=None)
    assert "Rank the options" in html and "candidates" not in html
    assert '<option value="no" selected>' in html  # a choice kept after a refusal


def test_choices_are_kept_after_a_refused_ballot(browser: TestClient, demo_gov: Governance) -> None:
    open_motion(browser, "twice")
    sign_in(browser, "ukraine-taras")
    token = csrf(browser, "/questions/twice")
    assert browser.post("/questions/twice/ballot", data={"csrf_token": token, "choice": "yes"}
                        ).status_code == 303
    demo_gov.handle({"cmd": "close_question", "question": "twice"})
    refused = browser.post("/questions/twice/ballot", data={"csrf_token": token, "choice": "no"})
    assert refused.status_code == 409 and "Refused under closed" in refused.text
    assert "What to do next" in refused.text


def test_new_question_without_a_body_lists_where_the_clerk_may_open_one(browser: TestClient) -> None:
    sign_in(browser, "clerk@ukraine")
    page = browser.get("/questions/new")
    assert page.status_code == 200 and "missing field" not in page.text
    assert 'href="/questions/new?body=ukraine/kharkiv"' in page.text
    assert "byelorussia/minsk" not in page.text


def test_the_election_form_says_when_no_seat_is_vacant(browser: TestClient) -> None:
    sign_in(browser, "clerk@ukraine")
    page = browser.get("/questions/new?body=ukraine/kharkiv&kind=election").text
    assert 'id="no-vacant-seat"' in page and "0 vacant seats" in page
    assert 'name="candidate"' not in page  # no candidates to pick for a seat that is not there


def test_the_ledger_past_its_end_and_filtered_by_type_and_republic(browser: TestClient) -> None:
    beyond = main(browser.get("/ledger?after=99999").text)
    assert "No events after position" in beyond and "Events 100000" not in beyond
    decided = browser.get("/ledger?type=QuestionDecided&polity=ukraine").text
    rows = re.findall(r"<tr>\s*<td data-label=\"#\">", decided)
    assert rows and "matching event" in decided
    types = re.findall(r'data-label="Event">([A-Za-z]+)</td>', decided)
    assert set(types) == {"QuestionDecided"}
    assert "No event matches" in browser.get("/ledger?since=2999-01-01").text


def test_questions_are_found_by_words_status_kind_and_body(browser: TestClient) -> None:
    tram = main(browser.get("/questions?q=TRAM").text)
    assert "Build a tram line" in tram and "2 questions found" in tram
    recalls = main(browser.get("/questions?kind=recall").text)
    assert "2 questions found" in recalls and "Ozerki recall" in recalls  # example (e), example (k)
    assert "Build a tram line" not in recalls
    assert "No question matches" in main(browser.get("/questions?q=zzzz").text)
    kharkiv = main(browser.get("/questions?body=ukraine/kharkiv&status=decided").text)
    assert "Build a tram line" in kharkiv and "Ukraine separates" not in kharkiv


def test_home_shows_open_recent_and_the_persons_own_waiting_ballots(browser: TestClient) -> None:
    open_motion(browser, "waiting")
    sign_in(browser, "ukraine-taras")
    home = browser.get("/").text
    assert "Your ballots waiting" in home and 'href="/questions/waiting"' in home
    assert "Recently decided" in home and "Open questions" in home


def test_clerk_and_admin_land_on_pages_that_say_what_they_can_do(browser: TestClient) -> None:
    sign_in(browser, "clerk@ukraine")
    desk = browser.get("/clerk")
    assert desk.status_code == 200 and 'href="/clerk/ukraine"' in desk.text
    assert 'href="/clerk">' in desk.text  # in the navigation
    assert browser.get("/admin").status_code == 403
    browser.post("/signout", data={"csrf_token": csrf(browser, "/")})
    sign_in(browser, "admin")
    admin = main(browser.get("/admin").text)
    assert "Sign-ins by role" in admin and "Clerk" in admin and "Observer" in admin


def test_the_language_comes_from_the_setting_else_accept_language(browser: TestClient) -> None:
    assert '<html lang="en">' in browser.get("/").text
    russian = browser.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert '<html lang="ru">' in russian.text and russian.headers["content-language"] == "ru"
    chosen = browser.get("/language/uk?next=/ledger")
    assert chosen.status_code == 303 and chosen.headers["location"] == "/ledger"
    assert '<html lang="uk">' in browser.get("/", headers={"Accept-Language": "ru"}).text
    assert browser.get("/language/uk?next=//evil.example").headers["location"] == "/"


def test_api_docs_and_favicon_are_served_from_the_package(browser: TestClient) -> None:
    docs = browser.get("/api/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert "cdn" not in docs.headers["content-security-policy"]
    assert browser.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert browser.get("/favicon.ico").headers["content-type"].startswith("image/svg")


def test_a_new_sign_in_is_shown_once_after_a_redirect_and_a_reload_issues_nothing(
        browser: TestClient, demo_gov: Governance) -> None:
    demo_gov.handle({"cmd": "register_person", "person": "ukraine-mariya", "name": "Mariya",
                     "council": "ukraine/kharkiv", "nationality": "ukrainian", "class": "worker",
                     "born": 1990})
    sign_in(browser, "clerk@ukraine")
    issued = browser.post("/clerk/ukraine/sign-ins", data={
        "csrf_token": csrf(browser, "/republics/ukraine/people"), "person": "ukraine-mariya"})
    assert issued.status_code == 303
    assert issued.headers["location"] == "/clerk/ukraine/sign-ins/issued"
    shown = browser.get("/clerk/ukraine/sign-ins/issued").text
    password = re.search(r'id="issued-password">([^<]+)<', shown)
    assert password is not None and 'id="issued-login">ukraine-mariya<' in shown
    again = browser.get("/clerk/ukraine/sign-ins/issued").text
    assert password.group(1) not in again and "shown only once" in again
    fresh = TestClient(browser.app)
    assert fresh.post("/api/session", json={"login": "ukraine-mariya",
                                            "password": password.group(1)}).status_code == 200
