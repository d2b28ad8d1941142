"""``alpr-tracker schedule``: run the main job (and other commands) on a schedule; ``--status`` for health."""

from __future__ import annotations

import logging
from pathlib import Path

import typer
import yaml
from pydantic import ValidationError

from tracker.cli.database import DB_OPTION, ready_database
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.schedule.config import load_config
from tracker.schedule.health import read_health
from tracker.schedule.runner import serve


def register(app: typer.Typer) -> None:
    """Add the ``schedule`` command to ``app``."""

    @app.command()
    def schedule(
        config: Path = typer.Option(None, "--config", exists=True, dir_okay=False,
                                    help="Schedule file (YAML: timezone, misfire_grace_seconds, jobs of id/cron/command). "
                                         "Default: the main job (run) every 6 hours."),
        health: Path = typer.Option(Path("alpr-tracker-health.json"), "--health", dir_okay=False,
                                    help="Health file: when each job last started, succeeded and failed."),
        run_now: list[str] = typer.Option(None, "--run-now", help="Also run this job id at once (repeatable)."),
        status: bool = typer.Option(False, "--status", help="Print the health file and exit."),
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """Run jobs on cron schedules until SIGTERM: one run at a time, missed runs coalesced, logged."""
        if status:
            rows = [{"job": job, **record} for job, record in read_health(health).items()]
            emit(rows, fmt, ("job", "last_started_at", "last_success_at", "last_failure_at", "last_seconds", "runs",
                             "last_error"), title="Scheduled jobs")
            return
        try:
            schedule_config = load_config(config)
        except ValidationError as error:  # one line per mistake, each with where it is in the file
            raise typer.BadParameter("; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in error.errors()),
                param_hint="--config") from None
        except (ValueError, OSError, yaml.YAMLError) as error:
            raise typer.BadParameter(str(error), param_hint="--config") from None
        unknown = set(run_now or []) - {job.id for job in schedule_config.jobs}
        if unknown:
            raise typer.BadParameter(f"no job {', '.join(sorted(unknown))} in the schedule", param_hint="--run-now")
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
        url = ready_database(db)
        serve(schedule_config, url, health, run_now)
