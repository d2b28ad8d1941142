"""Run the configured commands on their schedule, safely (README "Running on a schedule").

- APScheduler 3 with a persistent SQLAlchemy job store in the application database: a restarted scheduler
  knows when each job should next have run; a run missed by less than ``misfire_grace_seconds`` happens
  once (coalesced), and unchanged jobs are never re-added (re-adding would silently drop missed runs).
- One run of a job at a time: ``max_instances=1`` in this process, and :func:`db.locks.database_lock`
  across processes and machines sharing the database.
- Each run is an ``alpr-tracker`` child process: a crawl needs a fresh Twisted reactor, and a crash cannot
  take the scheduler down. One log line per run; the health file records the outcome.
- SIGTERM/SIGINT: no new runs start; a running child gets SIGINT (a crawl then stops cleanly, keeping what
  it stored) and is waited for.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from db.engine import database_url
from db.locks import database_lock
from tracker.schedule.config import ScheduleConfig
from tracker.schedule.health import record_run

log = logging.getLogger("alpr_tracker.schedule")

#: APScheduler's table in the application database (Alembic's checks leave it alone: db/migrations/env.py).
JOBS_TABLE = "apscheduler_jobs"

_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()


def execute_job(job_id: str, command: list[str], db: str, health_file: str) -> bool:
    """Run ``alpr-tracker COMMAND --db DB`` once under the job's lock; True when it succeeded.

    Module-level and with plain arguments, so the persistent job store can refer to it by name.
    """
    started, clock = dt.datetime.now(dt.UTC), time.monotonic()
    with database_lock(db, f"job-{job_id}", wait=False) as held:
        if not held:
            log.info("job %s: skipped, another scheduler is running it", job_id)
            return False
        child = subprocess.Popen([sys.executable, "-m", "tracker", *command, "--db", db],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with _children_lock:
            _children.add(child)
        try:
            _, stderr = child.communicate()
        finally:
            with _children_lock:
                _children.discard(child)
    seconds = time.monotonic() - clock
    ok = child.returncode == 0
    last_line = next((line for line in reversed(stderr.splitlines()) if line.strip()), "")
    detail = None if ok else f"exit {child.returncode}: {last_line}"[:2000]
    record_run(Path(health_file), job_id, started=started, ok=ok, seconds=seconds, detail=detail)
    log.info("job %s: %s in %.1f s%s", job_id, "ok" if ok else "FAILED", seconds, f" ({last_line})" if last_line else "")
    return ok


def build_scheduler(config: ScheduleConfig, db: str | None) -> BackgroundScheduler:
    """A scheduler with the persistent job store and the one-run-at-a-time defaults (not started)."""
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=database_url(db), tablename=JOBS_TABLE)},
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": config.misfire_grace_seconds},
        timezone=config.timezone,
    )


def sync_jobs(scheduler: BackgroundScheduler, config: ScheduleConfig, db: str | None, health_file: Path) -> list[str]:
    """Make the stored jobs match ``config``; unchanged jobs keep their next run time. Returns what changed."""
    changes = []
    wanted = {job.id for job in config.jobs}
    for stored in scheduler.get_jobs():
        if stored.id not in wanted:
            scheduler.remove_job(stored.id)
            changes.append(f"removed {stored.id}")
    for job in config.jobs:
        trigger = CronTrigger.from_crontab(job.cron, timezone=config.timezone)
        kwargs = {"job_id": job.id, "command": job.command, "db": database_url(db), "health_file": str(health_file)}
        stored = scheduler.get_job(job.id)
        if stored is None:
            scheduler.add_job(execute_job, trigger, id=job.id, name=job.id, kwargs=kwargs)
            changes.append(f"added {job.id}")
            continue
        if stored.kwargs != kwargs:
            scheduler.modify_job(job.id, kwargs=kwargs)
            changes.append(f"updated {job.id}")
        if str(stored.trigger) != str(trigger):
            scheduler.reschedule_job(job.id, trigger=trigger)
            changes.append(f"rescheduled {job.id}")
    return changes


def serve(config: ScheduleConfig, db: str | None, health_file: Path, run_now: list[str] | None = None) -> None:
    """Run the schedule until SIGTERM or SIGINT (see module docstring); ``run_now`` jobs also run at once."""
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.info("received %s: finishing", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    scheduler = build_scheduler(config, db)
    scheduler.start(paused=True)  # the stored jobs load on start; nothing runs until they are in sync
    for change in sync_jobs(scheduler, config, db, health_file):
        log.info("schedule: %s", change)
    for job_id in run_now or []:
        scheduler.modify_job(job_id, next_run_time=dt.datetime.now(dt.UTC))
    scheduler.resume()
    for job in scheduler.get_jobs():
        log.info("job %s: next run %s", job.id, job.next_run_time)
    stop.wait()
    with _children_lock:
        for child in _children:
            child.send_signal(signal.SIGINT)
    stop_scheduler(scheduler, wait=True)
    log.info("scheduler stopped")


def stop_scheduler(scheduler: BackgroundScheduler, wait: bool) -> None:
    """Shut down without losing a due run: detach the job store first, then stop.

    APScheduler processes due jobs once more while shutting down; with the executor already closed, such a
    run fails and its next run time moves on, so the run would be lost. Detached, the store keeps it due,
    and the next start runs it (coalesced, within the misfire grace time).
    """
    scheduler.pause()
    scheduler.remove_jobstore("default")
    scheduler.shutdown(wait=wait)
