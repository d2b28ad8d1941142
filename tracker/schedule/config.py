"""What to run when: the schedule's config file (YAML), validated, with a sensible default.

    timezone: America/Los_Angeles
    misfire_grace_seconds: 3600
    jobs:
      - id: main
        cron: "0 */6 * * *"          # standard 5-field crontab
        command: [run, --registry, registry.yaml]
      - id: digest
        cron: "0 7 * * *"
        command: [digest, --send]

``command`` is an ``alpr-tracker`` command line; the scheduler adds ``--db``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tracker.registry.timezones import checked_zone

#: The nicknames cron itself accepts (``man 5 crontab``), as the expressions they stand for.
CRON_NICKNAMES = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                  "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}


class JobConfig(BaseModel):
    """One scheduled command."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    cron: str
    command: list[str] = Field(min_length=1)

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        """A 5-field crontab, or one of cron's nicknames (``@daily``...), kept as the 5 fields it stands for."""
        expression = CRON_NICKNAMES.get(value.strip().lower(), value)
        CronTrigger.from_crontab(expression)  # raises ValueError with the reason
        return expression


class ScheduleConfig(BaseModel):
    """The whole schedule."""

    model_config = ConfigDict(extra="forbid")

    timezone: str = "UTC"
    #: A run missed by less than this (the machine slept, the scheduler restarted) still happens, once.
    misfire_grace_seconds: int = Field(default=3600, ge=1)
    jobs: list[JobConfig] = Field(default_factory=lambda: [JobConfig(id="main", cron="0 */6 * * *", command=["run"])])

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return checked_zone(value)  # type: ignore[return-value]

    @field_validator("jobs")
    @classmethod
    def _unique_ids(cls, jobs: list[JobConfig]) -> list[JobConfig]:
        ids = [job.id for job in jobs]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate job ids: {', '.join(duplicates)}")
        return jobs


def load_config(path: Path | None) -> ScheduleConfig:
    """The config in ``path`` (YAML), or the default schedule (the main job every 6 hours) when None."""
    if path is None:
        return ScheduleConfig()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return ScheduleConfig.model_validate(data)
