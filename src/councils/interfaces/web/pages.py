"""The pages anyone can read: unions, republics, bodies, questions, the ledger.

Each handler asks `application.queries` (the same reads as the API) and renders; errors
(an unknown id) become pages through the one error mapping in `api.errors`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from councils.application.authorisation import Unauthenticated, require_clerk
from councils.domain.errors import DomainError
from councils.domain.rules import r1_franchise, r8_recall
from councils.interfaces.api.errors import problem
from councils.interfaces.web import charts, finding, i18n, plain, words
from councils.interfaces.web.render import Names, prepare, render, services
from councils.interfaces.web.session import web_session

router = APIRouter(include_in_schema=False)


def names(request: Request) -> dict[str, str]:
    return {k: v["name"] for k, v in services(request).queries.polities().items()}


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    q = services(request).queries
    account = web_session(request).account
    decided = sorted(q.questions(status="decided"), key=lambda x: str(x.get("decided_at") or ""),
                     reverse=True)
    pending = ([b for b in q.open_ballots(account.person) if not b["voted"]]
               if account is not None and account.person else [])
    return render(request, "home.html", title=i18n.gettext("Unions and republics"),
                  unions=q.unions(), republics=q.republics(), names=names(request),
                  open_questions=q.questions(status="open"), decided=decided[:8],
                  decided_total=len(decided), pending=pending)


def union_context(request: Request, union_id: str) -> dict[str, Any]:
    union = services(request).queries.union(union_id)
    return {"title": union["name"], "union": union,
            "graph": charts.union_graph(union["members"], union["former_members"])}


@router.get("/unions/{union_id}", response_class=HTMLResponse)
def union(request: Request, union_id: str) -> Response:
    return render(request, "union.html", error=None, **union_context(request, union_id))


@router.get("/republics/{republic_id}", response_class=HTMLResponse)
def republic(request: Request, republic_id: str) -> Response:
    rep = services(request).queries.republic(republic_id)
    return render(request, "republic.html", title=rep["name"], republic=rep,
                  union_name=names(request).get(rep["union"] or "", ""))


def flow_context(request: Request, republic_id: str) -> dict[str, Any]:
    rep = services(request).queries.republic(republic_id)
    rule = next(r for r in rep["constitution"]["questions"] if r["kind"] == "secession")
    congress = rep["congress"]["name"] if rep["congress"] else "congress"
    return {"republic": rep, "rule": rule, "notice": rep["constitution"]["secession"]["notice_days"],
            "congress_name": congress, "union_name": names(request).get(rep["union"] or "", "")}


@router.get("/republics/{republic_id}/secession", response_class=HTMLResponse)
def secession(request: Request, republic_id: str) -> Response:
    ctx = flow_context(request, republic_id)
    title = i18n.gettext("Secession of %(name)s") % {"name": ctx["republic"]["name"]}
    return render(request, "secession.html", title=title, error=None, **ctx)


@router.get("/republics/{republic_id}/accession", response_class=HTMLResponse)
def accession(request: Request, republic_id: str) -> Response:
    ctx = flow_context(request, republic_id)
    title = i18n.gettext("Accession of %(name)s") % {"name": ctx["republic"]["name"]}
    return render(request, "accession.html", title=title, error=None, **ctx)


def people_context(request: Request, republic_id: str, offset: int = 0) -> dict[str, Any]:
    svc = services(request)
    account = web_session(request).account
    svc.authorised.may_read_register(account, republic_id)
    rep = svc.queries.republic(republic_id)
    people = svc.queries.people(republic_id, None, offset, 100)
    clerk = False
    if account is not None:
        try:
            require_clerk(svc.authorised.state(), account, republic_id, None, "issue sign-ins")
            clerk = True
        except DomainError:
            clerk = False
    signins = {a.person for a in svc.accounts.all() if a.person} if clerk else set()
    return {"title": i18n.gettext("Register of %(name)s") % {"name": rep["name"]}, "republic": rep,
            "people": people,
            "clerk": clerk, "signins": signins}


@router.get("/republics/{republic_id}/people", response_class=HTMLResponse)
def people(request: Request, republic_id: str,
           offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    return render(request, "people.html", error=None, **people_context(request, republic_id, offset))


@router.get("/bodies/{body_id:path}", response_class=HTMLResponse)
def body(request: Request, body_id: str) -> Response:
    found = services(request).queries.body(body_id)
    return render(request, "body.html", title=prepare(request)(found["id"]), body=found)


def option_labels(q: dict[str, Any], names: Names) -> dict[str, str]:
    """What each option is called on the page: a candidate's name (with the id only where two
    candidates share a name), a motion's yes/no/abstain in the visitor's language."""
    if q["kind"] != "election":
        return {o["id"]: words.option_name(o["id"]) for o in q["options"]}
    shown = {o["id"]: names(o["id"]) for o in q["options"]}
    twice = {n for n in shown.values() if list(shown.values()).count(n) > 1}
    return {k: (f"{v} ({k})" if v in twice else v) for k, v in shown.items()}


def roll_reason(request: Request, q: dict[str, Any]) -> tuple[bool, dict[str, str]]:
    """Whether the visitor is on the question's roll, and if not, why (the rule that would refuse)."""
    account = web_session(request).account
    person = account.person if account else None
    svc = services(request)
    if person is None:
        return False, {}
    with svc.authorised.lock:
        state = svc.gov.state
        question = state.questions.get(q["id"])
        if question is None or person in question.roll:
            return True, {}
        try:
            r8_recall.check_holds_seat(state, question, person)
            r1_franchise.check_may_vote(state, question, person, svc.gov.clock().year)
        except DomainError as exc:
            rule = problem(exc)[1].get("rule") or ""
            names = prepare(request)
            return False, {"rule": rule,
                           "reason": plain.humanise(exc.reason, names.find, names.code),
                           "next": i18n.gettext(plain.next_step(rule, "refused"))}
    return False, {"rule": "", "reason": i18n.gettext("this question's roll was fixed when it opened, "
                                                      "and you are not on it"),
                   "next": i18n.gettext("Ask the clerk of the body if you believe this is wrong.")}


def question_context(request: Request, question_id: str) -> dict[str, Any]:
    svc = services(request)
    q = svc.queries.question(question_id)
    account = web_session(request).account
    names = prepare(request)
    labels = option_labels(q, names)
    on_roll, reason = roll_reason(request, q) if q["status"] == "open" else (False, {})
    polities = svc.queries.polities()
    return {"title": names.question_text(question_id), "q": q, "labels": labels,
            "polity_kind": polities.get(q["polity"], {}).get("kind", "republic"),
            "you_voted": svc.queries.has_voted(question_id, account.person if account else None),
            "on_roll": on_roll, "roll_reason": reason, "verdict": names.verdict(q),
            "winners": q.get("winners") or [],
            "chosen": {"rank": [], "approve": [], "choice": ""},
            "statuses": words.chart_statuses(q["kind"]),
            "chart": charts.count_chart(q.get("count"), labels)}


@router.get("/questions/{question_id}", response_class=HTMLResponse)
def question(request: Request, question_id: str) -> Response:
    return render(request, "question.html", error=None, **question_context(request, question_id))


@router.get("/questions/{question_id}/participation", response_class=HTMLResponse)
def participation(request: Request, question_id: str) -> Response:
    q = services(request).queries.question(question_id)
    return render(request, "participation.html", q=q)


@router.get("/questions/{question_id}/receipt", response_class=HTMLResponse)
def receipt(request: Request, question_id: str,
            code: Annotated[str, Query(max_length=64)] = "") -> Response:
    result = services(request).queries.receipt(question_id, code.strip())
    labels = option_labels(services(request).queries.question(question_id), prepare(request))
    return render(request, "receipt.html", title=i18n.gettext("Receipt check"), result=result,
                  labels=labels)


@router.get("/ledger/verification", response_class=HTMLResponse)
def verification(request: Request) -> Response:
    v = services(request).queries.verify()
    if request.headers.get("HX-Request"):
        return render(request, "verification.html", v=v)
    page = services(request).queries.ledger(0, 50)
    return render(request, "ledger.html", title=i18n.gettext("Ledger"), v=v, ledger=page,
                  filters={}, filtered=False, polities=services(request).queries.polities(),
                  types=[], beyond=False)


@router.get("/me", response_class=HTMLResponse)
def me(request: Request) -> Response:
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in to see your account")
    q = services(request).queries
    polities = q.polities()
    bodies = {b["id"]: b["polity"] for b in q.bodies()}
    person = q.person(account.person) if account.person else None
    return render(request, "me.html", title=i18n.gettext("My page"), person=person,
                  kinds={k: v["kind"] for k, v in polities.items()},
                  polity_of={**{k: k for k in polities}, **bodies},
                  seats=q.seats_of(account.person) if account.person else [],
                  ballots=q.open_ballots(account.person) if account.person else [],
                  receipts=finding.my_receipts(request))

