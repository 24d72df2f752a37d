"""The minutes of a body as a standalone HTML page and as a PDF (WeasyPrint), for every interface.

The page carries its own style and no script or link to fetch, so the same HTML is served
by the web, written by `councils minutes`, and laid out by WeasyPrint into a PDF.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from councils.application.minutes import Minutes

# The web's templates folder, by path: importing the web package here would import the web's pages.
_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "web" / "templates"),
                   autoescape=select_autoescape(["html"]))


def minutes_html(m: Minutes) -> str:
    return _env.get_template("minutes.html").render(m=m)


def minutes_pdf(m: Minutes) -> bytes:
    """The same page laid out as a PDF (WeasyPrint, imported on first use: it is heavy)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=minutes_html(m)).write_pdf()
    return pdf
