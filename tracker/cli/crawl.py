"""``alpr-tracker crawl``: crawl a registry's sources, store what they publish, print a per-source summary."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from db.engine import database_url
from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.registry import load_registry

_SUMMARY_COLUMNS = ("source", "platform", "status", "documents", "failed_documents", "alpr_items", "last_success_at", "last_error")


def _setting(value: str) -> tuple[str, str]:
    name, sep, setting = value.partition("=")
    if not sep or not name:
        raise typer.BadParameter(f"expected NAME=VALUE, got {value!r}")
    return name, setting


def register(app: typer.Typer) -> None:
    """Add the ``crawl`` command to ``app``."""

    @app.command()
    def crawl(
        registry: Path = typer.Option(..., "--registry", exists=True, dir_okay=False,
                                      help="Registry file (CSV or YAML: id,name,state,platform,url,...)."),
        platform: list[str] = typer.Option(None, "--platform", help="Only sources on this platform (repeatable)."),
        jurisdiction: list[str] = typer.Option(None, "--jurisdiction",
                                               help="Only this registry id or OCD id (repeatable)."),
        since: str = typer.Option(None, help="First meeting day, YYYY-MM-DD (default: 60 days ago)."),
        until: str = typer.Option(None, help="Last meeting day, YYYY-MM-DD (default: 60 days ahead)."),
        setting: list[str] = typer.Option(None, "--setting", "-s",
                                          help="Scrapy or ALPR_ setting NAME=VALUE (repeatable), e.g. DOWNLOAD_DELAY=0."),
        progress: bool = typer.Option(None, "--progress/--no-progress", help="Live progress (default: on a terminal)."),
        redis: str = typer.Option(None, "--redis", envvar="ALPR_TRACKER_REDIS", show_envvar=True,
                                  help="Redis URL: share one crawl frontier among several processes (scrapy-redis)."),
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """Crawl the registry's sources: meetings, agendas, minutes and notices, analyzed and stored."""
        from scrapers.run import crawl_settings, plan_crawl, run_crawl  # Scrapy loads only for crawls

        entries = [e.model_dump() for e in load_registry(registry, strict=False)]  # bad rows: logged, skipped
        if platform:
            entries = [e for e in entries if e["platform"] in platform]
        if jurisdiction:
            entries = [e for e in entries if e["id"] in jurisdiction or e.get("ocd_id") in jurisdiction]
        if not entries:
            typer.echo("No registry entry matches; nothing to crawl.", err=True)
            raise typer.Exit(1)
        with repository(db) as repo:  # incremental crawls start from each source's last success
            last_success = {row["source"]: row["last_success_at"] for row in repo.source_health([e["id"] for e in entries])}
        for entry in entries:
            success = last_success.get(entry["id"])
            entry["last_success_at"] = success.isoformat() if success else None
        overrides = dict(_setting(s) for s in setting or [])
        overrides["ALPR_DB_URL"] = database_url(db)
        if redis:
            overrides["ALPR_REDIS_URL"] = redis
        overrides["ALPR_PROGRESS_ENABLED"] = sys.stderr.isatty() if progress is None else progress
        settings = crawl_settings(overrides)
        plan = plan_crawl(entries, settings)
        for entry in plan.unsupported:
            typer.echo(f"{entry['id']}: no spider for platform {entry['platform']!r} yet; skipped.", err=True)
        if plan.by_platform:
            run_crawl(plan, settings, since=since, until=until)
        with repository(db) as repo:
            rows = repo.source_health([e["id"] for entries_ in plan.by_platform.values() for e in entries_])
        emit(rows, fmt, _SUMMARY_COLUMNS, title="Crawl summary")
        failed = sum(row["status"] == "error" for row in rows)
        typer.echo(f"{len(rows)} sources crawled, {failed} with errors, "
                   f"{sum(r['documents'] for r in rows)} documents, {sum(r['alpr_items'] for r in rows)} ALPR items.",
                   err=True)
