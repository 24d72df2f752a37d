"""The interactive API documentation (Swagger UI), served from the package: no CDN.

Swagger UI 5 (which reads the OpenAPI 3.1 that FastAPI writes) comes from the
`swagger-ui-bundle-v2` distribution on PyPI and is served
under /api/docs/assets, so /api/docs works on a machine with no internet (a union's
server in a hall with no connection still documents itself).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/api/docs/assets"


def install(app: FastAPI) -> None:
    """Serve /api/docs with Swagger UI's own files from this package's dependencies."""
    from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    async def docs(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="councils API",
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    # A plain route, as FastAPI's own docs_url is: neither an API endpoint nor a web page.
    app.add_route("/api/docs", docs, include_in_schema=False)
