"""The web UI: server-rendered pages (Jinja2 + htmx) on the API's services."""

from __future__ import annotations

from fastapi import FastAPI


def mount(app: FastAPI) -> None:
    """Add the pages, static files and HTML error pages to `app`."""
