"""The server-rendered pages: map, contracts table, contract, jurisdiction, upcoming votes, and feeds.

Jinja2 autoescapes every value, so a scraped ``<script>`` is shown as text; pages have no script at all
(the CSP forbids any), so tables, filters (a GET form) and links work on any browser, phone or screen reader.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from tracker.alerts.values import UnknownValues, checked_choice
from tracker.digest.atom import atom_feed
from tracker.digest.ics import ics_calendar
from tracker.web import queries
from tracker.web.api import FilterDep, SessionDep, today
from tracker.web.chart import vendor_chart
from tracker.web.projection import albers_usa
from tracker.web.usmap import HEIGHT, WIDTH, map_paths

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(files("tracker.web").joinpath("templates")))
_STYLE = files("tracker.web").joinpath("style.css").read_text(encoding="utf-8")
#: Marker color per contract status (each at least 3:1 against the land color, per WCAG non-text contrast).
STATUS_COLORS = {"proposed": "#b35900", "approved": "#b00020", "amended": "#7a0019", "renewed": "#7a0019",
                 "expanded": "#7a0019", "suspended": "#4b4b4b", "terminated": "#1d6b2f", None: "#1f4e99"}


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"colors": STATUS_COLORS, **context}, status_code=status)


def not_found(request: Request, message: str) -> HTMLResponse:
    """The 404 page."""
    return _page(request, "error.html", 404, title="Not found", message=message)


def _markers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Map circles: position, radius by cameras (or money), color by status, ring for shared portals."""
    markers = []
    for row in rows:
        point = albers_usa(row["lon"], row["lat"]) if row["lat"] is not None and row["lon"] is not None else None
        if point is None:
            continue
        size = row["camera_count"] or row["total_usd"] / 5000
        portal = row["portal"] or {}
        markers.append({**row, "x": round(point[0], 1), "y": round(point[1], 1),
                        "r": round(min(18.0, 4 + size ** 0.5), 1), "color": STATUS_COLORS.get(row["status"], "#1f4e99"),
                        "shares": bool(portal.get("federal") or portal.get("out_of_state"))})
    return markers


@router.get("/style.css")
def style() -> Response:
    return Response(_STYLE, media_type="text/css", headers={"cache-control": "max-age=3600"})


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    land, borders = map_paths()
    rows = queries.jurisdiction_rows(session)
    return _page(request, "home.html", title="ALPR contracts in the United States", land=land, borders=borders,
                 width=WIDTH, height=HEIGHT, markers=_markers(rows), places=rows,
                 votes=queries.upcoming_votes(session, today())[:20],
                 chart=vendor_chart(queries.spending_by_vendor(session)))


@router.get("/contracts", response_class=HTMLResponse)
def contracts(request: Request, wanted: FilterDep, session: SessionDep, sort: str = "place",
              order: str = "asc") -> HTMLResponse:
    try:
        found = queries.resolve(session, wanted)
        sort = checked_choice("sort", sort, queries.SORTS)
        order = checked_choice("order", order, ("asc", "desc"))
    except UnknownValues as error:
        return _page(request, "error.html", 400, title="Unknown filter value", message=str(error))
    rows = queries.contract_table(session, found, sort=sort, descending=order == "desc", limit=1000, today=today())
    query = urlencode(wanted.query_items())
    return _page(request, "contracts.html", title="Contracts", rows=rows, wanted=wanted, sort=sort, order=order,
                 statuses=queries.STATUSES, sorts=list(queries.SORTS), query=query)


@router.get("/contracts/{contract_id}", response_class=HTMLResponse)
def contract(request: Request, contract_id: int, session: SessionDep) -> HTMLResponse:
    found = queries.contract_detail(session, contract_id) if 0 <= contract_id < 2**62 else None
    if found is None:
        return not_found(request, f"No contract {contract_id}.")
    return _page(request, "contract.html", title=f"{found['vendor']} contract, {found['jurisdiction']}", c=found)


@router.get("/jurisdictions/{jurisdiction_id:path}", response_class=HTMLResponse)
def jurisdiction(request: Request, jurisdiction_id: str, session: SessionDep) -> HTMLResponse:
    place = queries.jurisdiction(session, jurisdiction_id)
    if place is None:
        return not_found(request, f"No jurisdiction {jurisdiction_id}.")
    wanted = queries.ContractFilter(jurisdiction=[place.id])
    found = queries.resolve(session, wanted)
    rows = queries.contract_table(session, found, sort="start", descending=True, limit=1000, today=today())
    summary = next(iter(queries.jurisdiction_rows(session, found)), None)
    return _page(request, "jurisdiction.html", title=place.name, place=place, rows=rows,
                 portal=summary["portal"] if summary else None,
                 meetings=queries.meetings(session, jurisdiction_id=place.id, limit=50),
                 query=urlencode(wanted.query_items()))


def _feed_views(wanted: queries.ContractFilter, session: Session) -> Any:
    try:
        return queries.alert_views(session, queries.resolve(session, wanted))
    except UnknownValues as error:
        raise HTTPException(400, str(error)) from None


@router.get("/feeds/alerts.atom")
def atom(request: Request, wanted: FilterDep,
         session: SessionDep) -> Response:
    views = _feed_views(wanted, session)
    name = "web?" + urlencode(wanted.query_items())
    body = atom_feed(name, "ALPR alerts", views, dt.datetime.now(dt.UTC))
    return Response(body, media_type="application/atom+xml")


@router.get("/feeds/votes.ics")
def calendar(request: Request, wanted: FilterDep,
             session: SessionDep) -> Response:
    views = _feed_views(wanted, session)
    return Response(ics_calendar("Upcoming ALPR votes", views), media_type="text/calendar")
