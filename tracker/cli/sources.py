"""``alpr-tracker sources``: the registry's sources and their health; add, disable, enable, check, detect.

The registry file is the truth about what to crawl (data, never code); the database keeps each source's
history (last success, last error, documents). ``list`` shows both side by side.
"""

from __future__ import annotations

from pathlib import Path

import typer
from pydantic import ValidationError

from scrapers.settings.base import user_agent
from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.cli.registry_file import registry_entries
from tracker.registry import RegistryEntry, detect_platform, import_civic_scraper_sites, write_registry
from tracker.registry.check import check_source, fetch

_COLUMNS = ("source", "name", "state", "platform", "enabled", "status", "last_success_at", "last_error",
            "documents", "failed_documents", "alpr_items")

#: What a registry row says of its jurisdiction, shown beside its health (JSON and CSV keep every one).
_REGISTRY_FIELDS = {"name", "state", "platform", "url", "enabled", "disabled_reason", "kind", "county", "lat", "lon",
                    "timezone", "ocd_id", "provenance"}

sources_app = typer.Typer(help="List, add, disable, enable, check and detect sources.", no_args_is_help=True)


def _registry_option(default: Path | None) -> Path:
    return typer.Option(default, "--registry", envvar="ALPR_TRACKER_REGISTRY", show_envvar=True, dir_okay=False,
                        help="Registry file (CSV or YAML).")


def _load(path: Path) -> list[RegistryEntry]:
    return registry_entries(path) if path.exists() else []


def _set_enabled(registry: Path, source: str, enabled: bool, db: str | None) -> None:
    entries = _load(registry)
    matching = [e for e in entries if e.id == source]
    if not matching:
        raise typer.BadParameter(f"no source {source!r} in {registry}")
    matching[0].enabled = enabled
    write_registry(entries, registry)
    with repository(db) as repo:
        row = repo.source_by_key(source)
        if row is not None:
            row.enabled = enabled
    typer.echo(f"{source}: {'enabled' if enabled else 'disabled'}")


@sources_app.command("list")
def list_sources(
    registry: Path = _registry_option(None),
    db: str = DB_OPTION,
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Sources with last success, last error and document counts (registry entries first, if given)."""
    with repository(db) as repo:
        health = {row["source"]: row for row in repo.source_health()}
    if registry is None:
        rows = list(health.values())
    else:
        rows = [{**entry.model_dump(include=_REGISTRY_FIELDS), "status": "new", **health.get(entry.id, {}),
                 "source": entry.id} for entry in _load(registry)]
    emit(rows, fmt, _COLUMNS, title="Sources")


@sources_app.command()
def add(
    id: str = typer.Option(..., "--id", help="Registry id, e.g. legistar:oakland."),  # noqa: A002 - the column's name
    name: str = typer.Option(..., help="Jurisdiction name."),
    state: str = typer.Option(..., help="Two-letter state code."),
    platform: str = typer.Option(..., help="legistar, civicplus, granicus, primegov, civicclerk, ..."),
    url: str = typer.Option(..., help="Entry point or any page on the platform (normalized)."),
    kind: str = typer.Option(None, help="city, county, special_district, agency, state or federal."),
    ocd_id: str = typer.Option(None, "--ocd-id", help="Open Civic Data division id."),
    provenance: str = typer.Option(None, help="Where this fact came from (a URL)."),
    registry: Path = _registry_option(Path("registry.yaml")),
) -> None:
    """Add a source to a registry file (created if missing); the entry is validated and normalized first."""
    entries = _load(registry)
    if any(e.id == id for e in entries):
        raise typer.BadParameter(f"{id!r} is already in {registry}")
    try:
        entry = RegistryEntry(id=id, name=name, state=state, platform=platform, url=url, kind=kind, ocd_id=ocd_id,
                              provenance=provenance)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in error.errors())
        raise typer.BadParameter(problems) from error
    write_registry([*entries, entry], registry)
    typer.echo(f"{entry.id}: added to {registry} ({entry.platform} {entry.url})")


@sources_app.command()
def disable(source: str, registry: Path = _registry_option(Path("registry.yaml")), db: str = DB_OPTION) -> None:
    """Stop crawling a source (kept in the registry and the database, marked disabled)."""
    _set_enabled(registry, source, False, db)


@sources_app.command()
def enable(source: str, registry: Path = _registry_option(Path("registry.yaml")), db: str = DB_OPTION) -> None:
    """Crawl a disabled source again."""
    _set_enabled(registry, source, True, db)


@sources_app.command()
def check(
    source: list[str] = typer.Argument(None, help="Registry ids to check (default: every enabled one)."),
    registry: Path = _registry_option(Path("registry.yaml")),
    timeout: float = typer.Option(15.0, help="Seconds to wait for each source."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Request each source once: reachable, and still on its platform? Exit 1 if any is not."""
    entries = [e for e in _load(registry) if (e.id in source if source else e.enabled)]
    if not entries:
        raise typer.BadParameter(f"no matching source in {registry}")
    results = [check_source(entry, user_agent(), timeout) for entry in entries]
    emit([vars(r) for r in results], fmt, ("source", "ok", "status", "message", "url"), title="Source check")
    raise typer.Exit(0 if all(r.ok for r in results) else 1)


@sources_app.command()
def detect(
    url: str = typer.Argument(..., help="A government web page (its meetings or agendas page works best)."),
    html: Path = typer.Option(None, exists=True, dir_okay=False, help="Read this saved page instead of fetching URL."),
    timeout: float = typer.Option(15.0, help="Seconds to wait for the page."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Recognize the meeting platform(s) behind a page from its URL and links; exit 1 if none."""
    if html is not None:
        body = html.read_bytes()
    else:
        try:
            status, body = fetch(url, user_agent(), timeout)
        except OSError as error:
            typer.echo(f"{url}: unreachable: {getattr(error, 'reason', error)}", err=True)
            raise typer.Exit(2) from error
        if status >= 400:
            typer.echo(f"{url}: HTTP {status}; detecting from the URL alone", err=True)
            body = b""
    found = detect_platform(url, body)
    emit([vars(d) for d in found], fmt, ("platform", "url", "evidence"), title="Platforms")
    raise typer.Exit(0 if found else 1)


@sources_app.command("import-civic-scraper")
def import_civic_scraper(
    csv_path: Path = typer.Argument(..., exists=True, dir_okay=False, help="civic-scraper site list (CSV)."),
    registry: Path = _registry_option(Path("registry.yaml")),
) -> None:
    """Add the US sites of a civic-scraper site list to a registry file (existing ids are kept)."""
    entries = _load(registry)
    known = {e.id for e in entries}
    new = [e for e in import_civic_scraper_sites(csv_path) if e.id not in known]
    write_registry([*entries, *new], registry)
    typer.echo(f"{len(new)} sources added to {registry} ({len(entries) + len(new)} in all)")


def register(app: typer.Typer) -> None:
    """Add the ``sources`` command group to ``app``."""
    app.add_typer(sources_app, name="sources")
