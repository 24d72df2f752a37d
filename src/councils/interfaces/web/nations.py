"""The page of the nations inside a republic or union (issue 12): autonomous units with their
nationalities, languages and congress, territory, the Soviet of Nationalities, treaties."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from councils.interfaces.web.render import render, services

router = APIRouter(include_in_schema=False)


@router.get("/polities/{polity_id}/nations", response_class=HTMLResponse)
def nations(request: Request, polity_id: str) -> Response:
    data = services(request).queries.nations(polity_id)
    return render(request, "nations.html", title=f"Nations of {data['name']}", nations=data)
