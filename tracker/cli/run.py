"""``alpr-tracker run``: the main job once: crawl, link contracts, raise alerts, deliver digests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.cli.crawl import (
    LOG_FILE_OPTION,
    REDIS_OPTION,
    VERBOSE_OPTION,
    check_window,
    crawl_overrides,
    print_report,
    select_entries,
)
from tracker.cli.database import DB_OPTION, ready_database
from tracker.cli.output import FORMAT_OPTION, Format
from tracker.registry import starter_registry_path

if TYPE_CHECKING:
    from tracker.job import RunReport


def print_stages(report: RunReport) -> None:
    """One line per stage after the crawl, on stderr, and a failing stage's error."""
    for stage in report.stages:
        counts = ", ".join(f"{value} {name}" for name, value in stage.counts.items() if value) or "nothing to do"
        outcome = counts if stage.ok else f"FAILED: {stage.error}"
        typer.echo(f"{stage.name}: {outcome} ({stage.seconds:.1f} s)", err=True)


def register(app: typer.Typer) -> None:
    """Add the ``run`` command to ``app``."""

    @app.command()
    def run(
        registry: Path = typer.Option(None, "--registry", exists=True, dir_okay=False, envvar="ALPR_TRACKER_REGISTRY",
                                      help="Registry file (default: the bundled starter registry)."),
        platform: list[str] = typer.Option(None, "--platform", help="Only sources on this platform (repeatable)."),
        jurisdiction: list[str] = typer.Option(None, "--jurisdiction", help="Only this registry or OCD id (repeatable)."),
        since: str = typer.Option(None, help="First meeting day, YYYY-MM-DD (default: 60 days ago)."),
        until: str = typer.Option(None, help="Last meeting day, YYYY-MM-DD (default: 60 days ahead)."),
        setting: list[str] = typer.Option(None, "--setting", "-s", help="Scrapy or ALPR_ setting NAME=VALUE (repeatable)."),
        progress: bool = typer.Option(None, "--progress/--no-progress", help="Live crawl progress (default: on a terminal)."),
        redis: str = REDIS_OPTION,
        verbose: bool = VERBOSE_OPTION,
        log_file: Path = LOG_FILE_OPTION,
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """The main job once: crawl the registry, link contracts, raise alerts, deliver digests, summarize."""
        from tracker.job import run_main_job  # its libraries load when the job runs, not for --help

        check_window(since, until)
        entries = select_entries(registry or starter_registry_path(), platform, jurisdiction)
        if not entries:
            typer.echo("No registry entry matches; nothing to crawl.", err=True)
            raise typer.Exit(1)
        # Several runs may share one frontier (--redis): alerts stay exactly-once through the outbox.
        overrides = crawl_overrides(setting, progress, redis, verbose, log_file)
        report = run_main_job(entries, ready_database(db), since=since, until=until, overrides=overrides)
        print_report(report.crawl, fmt)
        print_stages(report)
        raise typer.Exit(0 if report.ok and not report.crawl.all_failed else 1)
