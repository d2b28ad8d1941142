"""``alpr-tracker crawl``: crawl a registry's sources, store what they publish, print a per-source summary."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer

from tracker.cli.database import DB_OPTION, ready_database
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.cli.registry_file import registry_entries
from tracker.crawl import CrawlReport, crawl_entries, window_day

#: The crawl summary: this crawl's work per source, then the source's health.
_SUMMARY_COLUMNS = ("source", "platform", "status", "meetings", "documents", "documents_current", "failed_documents",
                    "alpr_items", "last_success_at", "last_error")



#: ``--redis``: the crawl frontier shared by several processes (``crawl`` and ``run`` alike).
REDIS_OPTION = typer.Option(None, "--redis", envvar="ALPR_TRACKER_REDIS", show_envvar=True,
                            help="Redis URL: share one crawl frontier among several processes (scrapy-redis).")
VERBOSE_OPTION = typer.Option(False, "--verbose", "-v", help="Show Scrapy's own log (INFO) on stderr.")
LOG_FILE_OPTION = typer.Option(None, "--log-file", dir_okay=False,
                               help="Keep Scrapy's full log (INFO) in this file; stderr stays quiet.")


def crawl_overrides(setting: list[str] | None, progress: bool | None, redis: str | None, verbose: bool,
                    log_file: Path | None) -> dict[str, object]:
    """The crawl settings a command line asks for. Scrapy's own log is off but for warnings: a crawl printed
    about a hundred INFO lines a person cannot act on; ``-v`` or ``--log-file`` bring them back, and any
    ``-s`` setting wins over all of these."""
    overrides: dict[str, object] = {"LOG_LEVEL": "INFO" if verbose or log_file else "WARNING"}
    if log_file:
        overrides["LOG_FILE"] = str(log_file)
    overrides["ALPR_PROGRESS_ENABLED"] = sys.stderr.isatty() if progress is None else progress
    if redis:
        overrides["ALPR_REDIS_URL"] = redis
    return {**overrides, **setting_pairs(setting)}

def setting_pairs(values: list[str] | None) -> dict[str, str]:
    """``-s NAME=VALUE`` options as a settings dict."""
    pairs = {}
    for value in values or []:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint="--setting")
        pairs[name] = setting
    return pairs


def select_entries(registry: Path, platform: list[str] | None, jurisdiction: list[str] | None) -> list[dict]:
    """The registry's entries on ``platform`` and for ``jurisdiction`` (registry or OCD ids); bad rows skipped."""
    entries = [e.model_dump() for e in registry_entries(registry, strict=False)]
    if platform:
        entries = [e for e in entries if e["platform"] in platform]
    if jurisdiction:
        entries = [e for e in entries if e["id"] in jurisdiction or e.get("ocd_id") in jurisdiction]
    return entries


#: Unreachable sources listed one by one; past this many, a crawl says how many and why in one line each reason.
LISTED_UNREACHABLE = 10
#: The host a reason names ("DNS lookup failed for x.gov (...)"): reasons differing only there are one kind.
_HOST_IN_REASON = re.compile(r" for \S+| by \S+")


def unreachable_lines(unreachable: dict[str, str]) -> list[str]:
    """A line per unreachable source, or, for many, one line per kind of reason ("612 sources unreachable:
    DNS lookup failed (no network?)") with a few of them named: an offline run is not 2,000 lines."""
    if len(unreachable) <= LISTED_UNREACHABLE:
        return [f"{source}: unreachable: {reason}" for source, reason in unreachable.items()]
    by_kind: dict[str, list[str]] = {}
    for source, reason in unreachable.items():
        by_kind.setdefault(_HOST_IN_REASON.sub("", reason), []).append(source)
    lines = []
    for kind, sources in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        hint = " (no network? check with `alpr-tracker sources check`)" if kind.startswith("DNS") else ""
        noun = "source" if len(sources) == 1 else "sources"
        lines.append(f"{len(sources)} {noun} unreachable: {kind}{hint}; e.g. {', '.join(sources[:3])}"
                     + (", ..." if len(sources) > 3 else ""))
    return lines


def print_report(report: CrawlReport, fmt: Format) -> None:
    """The per-source summary on stdout; sources not tried, and a last line with the failures, on stderr."""
    for line in unreachable_lines(report.unreachable):
        typer.echo(line, err=True)
    for source in report.unsupported:
        typer.echo(f"{source}: no spider for its platform yet; skipped", err=True)
    rows = report.sources
    if fmt is Format.table and len(report.unreachable) > LISTED_UNREACHABLE:
        # A table is for reading: the unreachable ones are said above, one line per reason (JSON/CSV list all).
        rows = [row for row in rows if row["source"] not in report.unreachable]
    emit(rows, fmt, _SUMMARY_COLUMNS, title="Crawl summary")
    if len(rows) < len(report.sources):
        typer.echo(f"({len(report.sources) - len(rows)} unreachable sources left out of the table; "
                   f"--format json or csv lists every source)", err=True)
    typer.echo(summary_line(report), err=True)


def summary_line(report: CrawlReport) -> str:
    """One line a person or cron reads last: what this crawl read, and how many sources failed."""
    rows = report.sources
    line = (f"{len(rows)} sources: {report.failed} failed ({len(report.unreachable)} unreachable), {report.warned} "
            f"with warnings; this crawl read {sum(r['meetings'] for r in rows)} meetings, "
            f"{sum(r['documents'] for r in rows)} new or changed documents "
            f"({sum(r['documents_current'] for r in rows)} already current), "
            f"{sum(r['alpr_items'] for r in rows)} ALPR items.")
    if report.all_failed:
        line += " Every source failed: see last_error above (network? registry URLs?)."
    return line


def check_window(since: str | None, until: str | None) -> None:
    """A bad ``--since``/``--until`` is one line and exit code 2 before anything runs, never an empty "ok" crawl."""
    try:
        since, until = window_day(since, "--since"), window_day(until, "--until")
    except ValueError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    if since and until and since > until:
        typer.echo(f"Error: --since {since} is after --until {until}: the window is empty", err=True)
        raise typer.Exit(2)


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
        redis: str = REDIS_OPTION,
        verbose: bool = VERBOSE_OPTION,
        log_file: Path = LOG_FILE_OPTION,
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """Crawl the registry's sources: meetings, agendas, minutes and notices, analyzed and stored."""
        check_window(since, until)
        entries = select_entries(registry, platform, jurisdiction)
        if not entries:
            typer.echo("No registry entry matches; nothing to crawl.", err=True)
            raise typer.Exit(1)
        overrides = crawl_overrides(setting, progress, redis, verbose, log_file)
        report = crawl_entries(entries, ready_database(db), since=since, until=until, overrides=overrides)
        print_report(report, fmt)
        raise typer.Exit(1 if report.all_failed else 0)
