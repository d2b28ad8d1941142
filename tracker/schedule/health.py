"""The health file: when each scheduled job last started, succeeded and failed, and why.

A JSON object per job, rewritten atomically after every run, so monitoring (a cron check, a status page,
``alpr-tracker schedule --status``) can tell a stalled schedule from a healthy one without the database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def read_health(path: Path) -> dict[str, dict[str, Any]]:
    """Each job's record (empty when the file does not exist yet)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def record_run(path: Path, job_id: str, *, started: dt.datetime, ok: bool, seconds: float,
               detail: str | None = None) -> None:
    """Add one finished run of ``job_id`` to the health file (atomic replace: readers never see half a file)."""
    health = read_health(path)
    record = health.setdefault(job_id, {})
    record["last_started_at"] = started.isoformat()
    record["last_seconds"] = round(seconds, 3)
    record["runs"] = record.get("runs", 0) + 1
    if ok:
        record["last_success_at"] = (started + dt.timedelta(seconds=seconds)).isoformat()
    else:
        record["last_failure_at"] = (started + dt.timedelta(seconds=seconds)).isoformat()
        record["last_error"] = detail
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(health, out, indent=2, sort_keys=True)
    os.replace(temporary, path)
