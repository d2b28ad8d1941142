"""The schedule: config validation, the cross-process job lock, job-store sync that keeps missed runs,
and a real scheduler process that runs a job, logs it, records health and stops cleanly on SIGTERM."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from db.locks import database_lock
from tracker.schedule.config import ScheduleConfig, load_config
from tracker.schedule.health import read_health
from tracker.schedule.runner import build_scheduler, execute_job, stop_scheduler, sync_jobs

ROOT = Path(__file__).resolve().parents[2]


def test_config_rejects_bad_cron_and_duplicate_ids(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cron"):
        ScheduleConfig.model_validate({"jobs": [{"id": "a", "cron": "61 * * * *", "command": ["run"]}]})
    with pytest.raises(ValidationError, match="duplicate job ids: a"):
        ScheduleConfig.model_validate({"jobs": [{"id": "a", "cron": "0 * * * *", "command": ["run"]}] * 2})
    path = tmp_path / "schedule.yaml"
    path.write_text("jobs:\n  - {id: main, cron: '*/5 * * * *', command: [run, --registry, r.yaml]}\n")
    assert load_config(path).jobs[0].command == ["run", "--registry", "r.yaml"]
    assert load_config(None).jobs[0].id == "main"


@pytest.mark.parametrize(("nickname", "expression"), [("@daily", "0 0 * * *"), ("@hourly", "0 * * * *"),
                                                      ("@weekly", "0 0 * * 0"), ("@MONTHLY", "0 0 1 * *")])
def test_crons_nicknames_are_the_expressions_they_stand_for(nickname: str, expression: str) -> None:
    config = ScheduleConfig.model_validate({"jobs": [{"id": "a", "cron": nickname, "command": ["run"]}]})
    assert config.jobs[0].cron == expression


def test_a_bad_time_zone_is_named_when_the_config_loads() -> None:
    with pytest.raises(ValidationError, match="not an IANA time zone name: 'Mars/Olympus'"):
        ScheduleConfig.model_validate({"timezone": "Mars/Olympus"})


def test_a_job_lock_is_held_by_one_holder_at_a_time(db_url: str) -> None:
    with database_lock(db_url, "job-main", wait=False) as first:
        assert first is True
        with database_lock(db_url, "job-main", wait=False) as second:  # another connection / file handle: another scheduler
            assert second is False
        with database_lock(db_url, "job-digest", wait=False) as other_job:
            assert other_job is True
    with database_lock(db_url, "job-main", wait=False) as again:
        assert again is True


def test_a_job_held_elsewhere_is_skipped_and_not_recorded(db_url: str, tmp_path: Path) -> None:
    health = tmp_path / "health.json"
    with database_lock(db_url, "job-main", wait=False):
        assert execute_job("main", ["sources", "list"], db_url, str(health)) is False
    assert read_health(health) == {}
    assert execute_job("main", ["sources", "list"], db_url, str(health)) is True
    assert read_health(health)["main"]["runs"] == 1


def test_a_failing_job_records_its_error(db_url: str, tmp_path: Path) -> None:
    health = tmp_path / "health.json"
    assert execute_job("bad", ["crawl", "--registry", str(tmp_path / "missing.yaml")], db_url, str(health)) is False
    record = read_health(health)["bad"]
    assert "last_success_at" not in record and record["last_error"].startswith("exit 2")


def test_restarting_keeps_next_run_times_of_unchanged_jobs(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/schedule.sqlite"
    config = ScheduleConfig.model_validate({"jobs": [{"id": "main", "cron": "0 3 * * *", "command": ["run"]},
                                                     {"id": "old", "cron": "0 4 * * *", "command": ["run"]}]})
    first = build_scheduler(config, db)
    first.start(paused=True)
    assert sorted(sync_jobs(first, config, db, tmp_path / "h.json")) == ["added main", "added old"]
    missed = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    first.modify_job("main", next_run_time=missed)  # as if the machine was off at 03:00
    stop_scheduler(first, wait=True)

    changed = ScheduleConfig.model_validate({"jobs": [{"id": "main", "cron": "0 3 * * *", "command": ["run"]},
                                                      {"id": "new", "cron": "0 5 * * *", "command": ["run"]}]})
    second = build_scheduler(changed, db)
    second.start(paused=True)
    assert sorted(sync_jobs(second, changed, db, tmp_path / "h.json")) == ["added new", "removed old"]
    assert abs((second.get_job("main").next_run_time - missed).total_seconds()) < 1  # the missed run is kept
    stop_scheduler(second, wait=True)


@pytest.mark.slow
def test_the_scheduler_runs_a_job_logs_it_and_stops_on_sigterm(tmp_path: Path) -> None:
    config = tmp_path / "schedule.yaml"
    config.write_text("jobs:\n  - {id: listing, cron: '0 0 1 1 *', command: [sources, list, --format, json]}\n")
    health = tmp_path / "health.json"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "tracker", "schedule", "--config", str(config), "--health", str(health),
         "--run-now", "listing", "--db", f"sqlite:///{tmp_path}/s.sqlite"],
        stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "last_success_at" not in read_health(health).get("listing", {}):
        time.sleep(0.2)
    scheduler.send_signal(signal.SIGTERM)
    _, log = scheduler.communicate(timeout=30)
    assert scheduler.returncode == 0, log
    assert json.loads(health.read_text())["listing"]["runs"] == 1
    assert "job listing: ok in" in log and "received SIGTERM" in log and "scheduler stopped" in log
