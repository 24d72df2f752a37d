"""The map of a union or republic, drawn on the server as SVG from the territory its members declared.

Republics and councils may carry an outline as GeoJSON (`declare_territory`, issue 12). Shapely
reads each outline (any GeoJSON geometry, a Feature or a FeatureCollection), projects it
(longitude scaled by the cosine of the map's middle latitude, so shapes are not stretched) into
the picture's box and simplifies it to what the picture can show; this module only turns the
projected rings into SVG path data. No tiles and no script: the page works offline, without
JavaScript, and the picture scales to any width. Each outline is a link to its council or
republic, named for screen readers, with a list of the same names beside it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from jinja2 import pass_context
from jinja2.runtime import Context
from shapely import affinity
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry import GeometryCollection, shape
from shapely.geometry.base import BaseGeometry

from councils.domain.state import State

WIDTH = 640  # the picture's own units; the page scales it to the screen
MARGIN = 12
MIN_HEIGHT, MAX_HEIGHT = 160, 720
TOLERANCE = 0.4  # of a unit: finer detail than this is not drawn
LABEL_SIZE = 24  # the labels' largest font size in the picture's units (style.css .region-label, on a phone)
HUES = 8  # colours of the palette in style.css (.hue-0 … .hue-7), one per republic


class NameOf(Protocol):
    """The page's name resolver (render.Names): the record it reads, and names for ids."""

    state: State

    def __call__(self, ident: str | None) -> str: ...


@dataclass(frozen=True)
class Region:
    holder: str  # the council's or republic's id
    name: str
    area: str  # the named area it declared, if any
    href: str
    path: str  # SVG path data in the picture's units
    filled: bool  # a polygon (filled) or a line or point (stroked)
    polity: bool  # a republic's own outline, drawn under its councils
    hue: int
    label: tuple[float, float] | None  # where its name is written, if it is


@dataclass(frozen=True)
class TerritoryMap:
    width: int
    height: int
    regions: tuple[Region, ...]
    unread: tuple[str, ...]  # names of holders whose outline could not be read


def read_outline(geojson: dict[str, Any]) -> BaseGeometry:
    """A declared outline as one geometry: a geometry, a Feature or a FeatureCollection."""
    kind = geojson.get("type")
    if kind == "Feature":
        return shape(geojson["geometry"])
    if kind == "FeatureCollection":
        return GeometryCollection([shape(f["geometry"]) for f in geojson["features"]
                                   if isinstance(f, dict) and f.get("geometry")])
    return shape(geojson)


def _holders(state: State, polity_id: str) -> list[tuple[str, str]]:
    """(holder, its republic) for the polity's own outline, its members' and their councils'."""
    polity = state.polities.get(polity_id)
    if polity is None:
        return []
    members = list(polity.members) if polity.kind == "union" else [polity.id]
    found = [(polity.id, polity.id)] + [(m, m) for m in members if m != polity.id]
    found += [(b, body.polity) for b, body in state.bodies.items()
              if body.kind == "council" and body.polity in members]
    return found


def territory_map(state: State, polity_id: str, name_of: NameOf) -> TerritoryMap | None:
    """The map of `polity_id` from the outlines declared in it, or None if none has one."""
    territory = state.nations.territory
    hues: dict[str, int] = {}
    outlines: list[tuple[str, str, BaseGeometry]] = []
    unread: list[str] = []
    for holder, republic in _holders(state, polity_id):
        declared = territory.get(holder) or {}
        if not isinstance(declared.get("geojson"), dict):
            continue
        try:
            geometry = read_outline(declared["geojson"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, ShapelyError, GEOSException):
            unread.append(name_of(holder))
            continue
        if geometry.is_empty or not all(map(_finite, geometry.bounds)):
            unread.append(name_of(holder))
            continue
        hues.setdefault(republic, len(hues) % HUES)
        outlines.append((holder, republic, geometry))
    if not outlines:
        return None
    project, height = _projection([g for _, _, g in outlines])
    with_councils = {republic for holder, republic, _ in outlines if holder not in state.polities}
    regions: list[Region] = []
    for holder, republic, geometry in outlines:
        drawn = project(geometry)
        polity = holder in state.polities
        # A republic's name is written only where none of its councils is drawn (theirs are).
        labelled = not polity or holder not in with_councils
        regions.append(Region(
            holder=holder, name=name_of(holder), area=str(territory[holder].get("area") or ""),
            href=_href(state, holder), path=svg_path(drawn.simplify(TOLERANCE, preserve_topology=True)),
            filled=_area(drawn) > 0, polity=polity, hue=hues[republic],
            label=_label_point(drawn) if labelled else None))
    # Republics (and the union) under their councils, so a council is never hidden.
    ordered = _apart(sorted(regions, key=lambda r: not r.polity))
    return TerritoryMap(WIDTH, height, tuple(ordered), tuple(unread))


def label_text(name: str) -> str:
    """The name as written on the map: its first word (the page's `short`), the full name in its link."""
    return (name.split() or [""])[0][:13]


def _apart(regions: list[Region]) -> list[Region]:
    """Move a label up or down, a line at a time, off the labels already placed (first come first)."""
    placed: list[tuple[float, float, float, float]] = []
    moved: list[Region] = []
    for region in regions:
        if region.label is None:
            moved.append(region)
            continue
        x, y = region.label
        half = 0.32 * LABEL_SIZE * len(label_text(region.name)) + 2
        for dy in (0, LABEL_SIZE, -LABEL_SIZE, 2 * LABEL_SIZE, -2 * LABEL_SIZE):
            box = (x - half, y + dy - LABEL_SIZE, x + half, y + dy + 0.3 * LABEL_SIZE)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                break
        else:
            dy = 0
            box = (x - half, y - LABEL_SIZE, x + half, y + 0.3 * LABEL_SIZE)
        placed.append(box)
        moved.append(_with_label(region, (x, round(y + dy, 1))) if dy else region)
    return moved


def _with_label(region: Region, point: tuple[float, float]) -> Region:
    return Region(region.holder, region.name, region.area, region.href, region.path, region.filled,
                  region.polity, region.hue, point)


def _href(state: State, holder: str) -> str:
    polity = state.polities.get(holder)
    if polity is None:
        return f"/bodies/{holder}"
    return f"/unions/{holder}" if polity.kind == "union" else f"/republics/{holder}"


def _finite(x: float) -> bool:
    return x == x and abs(x) != float("inf")


def _area(geometry: BaseGeometry) -> float:
    return float(geometry.area)


def _projection(geometries: Iterable[BaseGeometry]) -> tuple[Any, int]:
    """Scale and flip longitude/latitude into the picture: north up, the same scale both ways."""
    bounds = [g.bounds for g in geometries]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    middle = (south + north) / 2
    squeeze = math.cos(math.radians(middle)) if -89 < middle < 89 else 1.0
    span_x = max((east - west) * squeeze, 1e-9)
    span_y = max(north - south, 1e-9)
    scale = (WIDTH - 2 * MARGIN) / span_x
    height = span_y * scale + 2 * MARGIN
    if height > MAX_HEIGHT:  # a tall territory: fit its height instead
        scale = (MAX_HEIGHT - 2 * MARGIN) / span_y
        height = MAX_HEIGHT
    height = max(height, MIN_HEIGHT)
    offset_x = (WIDTH - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2

    def project(geometry: BaseGeometry) -> BaseGeometry:
        # x' = (lon - west) * squeeze * scale + offset_x ; y' = (north - lat) * scale + offset_y
        a = squeeze * scale
        return affinity.affine_transform(geometry, [a, 0, 0, -scale, offset_x - west * a,
                                                    offset_y + north * scale])

    return project, round(height)


def _label_point(geometry: BaseGeometry) -> tuple[float, float] | None:
    """Inside the largest polygon (Shapely's representative point), else the centre."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    chosen = max(polygons, key=_area) if polygons else geometry
    point = chosen.representative_point() if polygons else chosen.centroid
    if point.is_empty:
        return None
    return round(point.x, 1), round(point.y, 1)


def svg_path(geometry: BaseGeometry) -> str:
    """SVG path data of a projected geometry: rings closed, lines open, points as small dots."""
    kind = geometry.geom_type
    if kind == "Polygon":
        rings = [geometry.exterior, *geometry.interiors]  # type: ignore[attr-defined]
        return " ".join(_line(ring.coords, closed=True) for ring in rings if len(ring.coords) > 2)
    if kind in ("LineString", "LinearRing"):
        return _line(geometry.coords, closed=False)
    if kind == "Point":
        x, y = geometry.x, geometry.y  # type: ignore[attr-defined]
        return f"M{x - 4:.1f},{y:.1f}a4,4 0 1,0 8,0a4,4 0 1,0 -8,0"
    return " ".join(filter(None, (svg_path(part) for part in getattr(geometry, "geoms", []))))


def _line(coords: Iterable[Any], closed: bool) -> str:
    points = [f"{x:.1f},{y:.1f}" for x, y, *_ in coords]
    if not points:
        return ""
    return "M" + "L".join(points) + ("Z" if closed else "")


@pass_context
def map_of(context: Context, polity_id: str) -> TerritoryMap | None:
    """For templates: `territory_map(polity_id)`, with the page's names."""
    name_of: NameOf = context["name_of"]
    return territory_map(name_of.state, polity_id, name_of)
