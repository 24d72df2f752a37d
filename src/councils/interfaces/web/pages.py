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
from councils.interfaces.web import charts
from councils.interfaces.web.render import render, services
from councils.interfaces.web.session import web_session

router = APIRouter(include_in_schema=False)


def names(request: Request) -> dict[str, str]:
    return {k: v["name"] for k, v in services(request).queries.polities().items()}


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    q = services(request).queries
    return render(request, "home.html", title="Unions and republics", unions=q.unions(),
                  republics=q.republics(), names=names(request),
                  open_questions=q.questions(status="open"))


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
    return render(request, "secession.html", title=f"Secession of {ctx['republic']['name']}",
                  error=None, **ctx)


@router.get("/republics/{republic_id}/accession", response_class=HTMLResponse)
def accession(request: Request, republic_id: str) -> Response:
    ctx = flow_context(request, republic_id)
    return render(request, "accession.html", title=f"Accession of {ctx['republic']['name']}",
                  error=None, **ctx)


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
    return {"title": f"Register of {rep['name']}", "republic": rep, "people": people,
            "clerk": clerk, "signins": signins}


@router.get("/republics/{republic_id}/people", response_class=HTMLResponse)
def people(request: Request, republic_id: str,
           offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    return render(request, "people.html", error=None, **people_context(request, republic_id, offset))


@router.get("/bodies/{body_id:path}", response_class=HTMLResponse)
def body(request: Request, body_id: str) -> Response:
    found = services(request).queries.body(body_id)
    return render(request, "body.html", title=found["name"], body=found)


def question_context(request: Request, question_id: str) -> dict[str, Any]:
    svc = services(request)
    q = svc.queries.question(question_id)
    account = web_session(request).account
    labels = {o["id"]: o["label"] for o in q["options"]}
    return {"title": q["text"], "q": q,
            "you_voted": svc.queries.has_voted(question_id, account.person if account else None),
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
    return render(request, "receipt.html", title="Receipt check", result=result)


@router.get("/ledger", response_class=HTMLResponse)
def ledger(request: Request, after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Response:
    return render(request, "ledger.html", title="Ledger", v=None,
                  ledger=services(request).queries.ledger(after, limit))


@router.get("/ledger/verification", response_class=HTMLResponse)
def verification(request: Request) -> Response:
    v = services(request).queries.verify()
    if request.headers.get("HX-Request"):
        return render(request, "verification.html", v=v)
    return render(request, "ledger.html", title="Ledger", v=v,
                  ledger=services(request).queries.ledger(0, 50))


@router.get("/me", response_class=HTMLResponse)
def me(request: Request) -> Response:
    account = web_session(request).account
    if account is None:
        raise Unauthenticated("sign in to see your account")
    q = services(request).queries
    polities = q.polities()
    bodies = {b["id"]: b["polity"] for b in q.bodies()}
    person = q.person(account.person) if account.person else None
    return render(request, "me.html", title="My account", person=person,
                  kinds={k: v["kind"] for k, v in polities.items()},
                  polity_of={**{k: k for k in polities}, **bodies},
                  seats=q.seats_of(account.person) if account.person else [],
                  ballots=q.open_ballots(account.person) if account.person else [])

