"""A territory's outline given on the web as GeoJSON (typed in a text area or sent as a file),
read and checked before it is sent as `declare_territory` (issue 12 item 4, issue 16 item 6).

The domain checks the outline's shape as data (a GeoJSON type, its lists, its size); here, where
Shapely is at hand, the web also checks it as a figure a map can draw: JSON that parses, a
geometry Shapely reads, not empty, valid (no self-crossing ring), in longitude and latitude. Each
refusal says what is wrong and where (the line and column of bad JSON, Shapely's account of an
invalid ring), so a clerk can fix the file rather than guess; nothing is recorded when refused.
"""

from __future__ import annotations

import json
from typing import Any

from shapely.errors import GEOSException, ShapelyError
from shapely.validation import explain_validity
from starlette.datastructures import FormData, UploadFile

from councils.interfaces.web import i18n
from councils.interfaces.web.maps import read_outline

OUTLINE_MAX = 200_000
"""Characters of an outline's JSON, as the domain allows (handlers/nations.py GEOJSON_MAX)."""


class OutlineRefused(ValueError):
    """The outline given cannot be recorded; the message says why, in the reader's language."""


async def outline_from_form(form: FormData) -> tuple[dict[str, Any] | None, str]:
    """The outline given (a file first, else the text area) and the text typed, to keep on a refusal.

    None if no outline was given. Raises OutlineRefused with what is wrong."""
    typed = form.get("geojson")
    typed_text = typed.strip() if isinstance(typed, str) else ""
    upload = form.get("geojson_file")
    raw = b""
    if isinstance(upload, UploadFile):  # a browser sends an empty, unnamed part when no file is chosen
        try:
            raw = await upload.read(OUTLINE_MAX * 4 + 1) if upload.filename else b""
        finally:
            await upload.close()  # its spooled file, now rather than at garbage collection
    if isinstance(upload, UploadFile) and upload.filename:
        if len(raw) > OUTLINE_MAX * 4:
            raise OutlineRefused(i18n.gettext("the file %(file)s is too large for an outline (at most %(max)s "
                                              "characters)") % {"file": upload.filename, "max": OUTLINE_MAX})
        try:
            source = raw.decode("utf-8-sig").strip()
        except UnicodeDecodeError:
            raise OutlineRefused(i18n.gettext("the file %(file)s is not text in UTF-8: is it a GeoJSON file?")
                                 % {"file": upload.filename}) from None
        if not source:
            raise OutlineRefused(i18n.gettext("the file %(file)s is empty") % {"file": upload.filename})
        return read_geojson(source, upload.filename), typed_text
    if not typed_text:
        return None, ""
    return read_geojson(typed_text, ""), typed_text


def read_geojson(source: str, file: str = "") -> dict[str, Any]:
    """`source` as a GeoJSON object a map can draw, or OutlineRefused saying what is wrong."""
    where = (i18n.gettext("the file %(file)s") % {"file": file}) if file else i18n.gettext("the outline")
    if len(source) > OUTLINE_MAX:
        raise OutlineRefused(i18n.gettext("%(where)s is %(size)s characters long; an outline may have at most "
                                          "%(max)s") % {"where": where, "size": len(source), "max": OUTLINE_MAX})
    try:
        value = json.loads(source)
    except json.JSONDecodeError as exc:
        raise OutlineRefused(i18n.gettext("%(where)s is not JSON: %(problem)s at line %(line)s, column %(column)s")
                             % {"where": where, "problem": exc.msg, "line": exc.lineno,
                                "column": exc.colno}) from None
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise OutlineRefused(i18n.gettext("%(where)s is not a GeoJSON object: it must be {...} with a \"type\" "
                                          "such as \"Polygon\" or \"Feature\"") % {"where": where})
    try:
        geometry = read_outline(value)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ShapelyError, GEOSException) as exc:
        raise OutlineRefused(i18n.gettext("%(where)s could not be read as a GeoJSON %(type)s: %(problem)s")
                             % {"where": where, "type": value["type"], "problem": _said(exc)}) from None
    if geometry.is_empty:
        raise OutlineRefused(i18n.gettext("%(where)s holds no shape: its coordinates are empty") % {"where": where})
    if not geometry.is_valid:
        raise OutlineRefused(i18n.gettext("%(where)s is not a valid shape (%(problem)s): a ring must close and "
                                          "must not cross itself") % {"where": where,
                                                                      "problem": explain_validity(geometry)})
    west, south, east, north = geometry.bounds
    if west < -180 or east > 180 or south < -90 or north > 90:
        raise OutlineRefused(i18n.gettext("%(where)s reaches beyond longitude -180 to 180 and latitude -90 to 90 "
                                          "(its bounds: %(bounds)s): give coordinates as [longitude, latitude]")
                             % {"where": where, "bounds": ", ".join(f"{v:g}" for v in (west, south, east, north))})
    return value


def _said(exc: Exception) -> str:
    """An exception as a short phrase: a missing key is named, others as Shapely says them."""
    if isinstance(exc, KeyError):
        return i18n.gettext("the member %(key)s is missing") % {"key": exc.args[0] if exc.args else "?"}
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
