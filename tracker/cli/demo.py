"""``alpr-tracker demo``: the whole main job offline in seconds, on sample data served on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from tracker.cli.crawl import print_report
from tracker.cli.output import Format, emit
from tracker.cli.run import print_stages
from tracker.demo.run import run_demo

_CONTRACT_COLUMNS = ("jurisdiction", "vendor", "status", "camera_count", "total_usd", "term_months", "events")
_ALERT_COLUMNS = ("kind", "jurisdiction", "title", "deliveries")


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command to ``app``."""

    @app.command()
    def demo(
        directory: Path = typer.Option(Path("alpr-tracker-demo"), "--dir", file_okay=False,
                                       help="Where the demo database, feed and calendar go (replaced each run)."),
    ) -> None:
        """Run the main job on a sample site (sample data, served on 127.0.0.1): no network needed."""
        typer.echo("Serving the sample site (SAMPLE DATA: Sample City on CivicPlus, Sample County on Legistar) "
                   "on 127.0.0.1 and running the main job...", err=True)
        result = run_demo(directory, progress=sys.stderr.isatty())
        print_report(result.run.crawl, Format.table)
        print_stages(result.run)
        emit([{**c, "events": len(c.get("events") or [])} for c in result.contracts], Format.table,
             _CONTRACT_COLUMNS, title="Contracts")
        emit([{**a, "jurisdiction": (a.get("facts") or {}).get("jurisdiction"),
               "title": (a.get("facts") or {}).get("title"), "deliveries": len(a.get("deliveries") or [])}
              for a in result.alerts], Format.table, _ALERT_COLUMNS, title="Alerts")
        typer.echo(result.digest_text)
        db = f"--db {result.db_url}"
        typer.echo("\nExplore what the demo stored:")
        for command in (f"alpr-tracker contracts {db}", f"alpr-tracker alerts {db} --format json",
                        f"alpr-tracker documents {db}", f'alpr-tracker search "license plate" {db}',
                        f"alpr-tracker digest {db} --format text", *(f"cat {path}" for path in result.files)):
            typer.echo(f"  {command}")
        raise typer.Exit(0 if result.run.ok else 1)
