"""The congress pyramid of a republic drawn as a tree (issue 12 item 2, issue 16 item 6): each
level's congress, the seats each body below is given by the constitution's ratio (with the
article it cites), and who sent whom, by name. Drawn server-side in HTML and CSS (nested lists),
so it reads on a phone and to a screen reader without any script."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from councils.interfaces.web import i18n
from councils.interfaces.web.render import render, services

router = APIRouter(include_in_schema=False)


@router.get("/republics/{republic_id}/pyramid", response_class=HTMLResponse)
async def pyramid(request: Request, republic_id: str) -> Response:
    data = await run_in_threadpool(services(request).queries.pyramid, republic_id)
    return render(request, "pyramid.html", title=i18n.gettext("Congress pyramid of %(name)s") % {"name": data["name"]},
                  pyramid=data)
