"""The main job, once: crawl the registry, then every later stage over what the database now holds.

Each stage reads the database and writes it idempotently, so a stage that fails (or a run that is killed)
is simply done again by the next run, and a stage never depends on the crawl having succeeded: without
network the crawl reports each unreachable source, and the later stages still run on what is stored.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from db.engine import make_engine, session_factory
from tracker.alerts import run_alerting
from tracker.channels.outbox import deliver_pending
from tracker.contracts.linker import run_linking
from tracker.crawl import CrawlReport, crawl_entries

#: A stage after the crawl: takes the database URL, returns counts to print (``{"contracts created": 2}``).
Stage = Callable[[str], dict[str, int]]


@dataclass
class StageResult:
    """How one stage went."""

    name: str
    ok: bool
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None


@dataclass
class RunReport:
    """The whole run: the crawl report and every later stage."""

    crawl: CrawlReport
    stages: list[StageResult]

    @property
    def ok(self) -> bool:
        """True when every stage after the crawl succeeded (source failures are reported, not fatal)."""
        return all(stage.ok for stage in self.stages)


def deliver_stage(db_url: str) -> dict[str, int]:
    """Send every due delivery, one digest per subscription; failures stay pending for the next run."""
    engine = make_engine(db_url)
    try:
        reports = deliver_pending(session_factory(engine))
    finally:
        engine.dispose()
    return {"digests sent": sum(r.digests for r in reports), "alerts delivered": sum(r.sent for r in reports),
            "deliveries to retry": sum(r.retrying for r in reports),
            "deliveries failed": sum(r.failed for r in reports)}


#: The stages after the crawl, in order (analysis already ran in the crawl's storage pipeline).
STAGES: list[tuple[str, Stage]] = [("contracts", run_linking), ("alerts", run_alerting), ("delivery", deliver_stage)]


def run_stages(stages: list[tuple[str, Stage]], db_url: str) -> list[StageResult]:
    """Run ``stages`` in order; a failing stage is recorded with its error and the next ones still run."""
    results = []
    for name, stage in stages:
        started = time.monotonic()
        try:
            counts = stage(db_url)
        except Exception as error:  # noqa: BLE001 - one stage's failure must not stop the others
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            results.append(StageResult(name, False, time.monotonic() - started, error=detail))
            continue
        results.append(StageResult(name, True, time.monotonic() - started, counts))
    return results


def run_main_job(entries: list[dict[str, Any]], db_url: str, stages: list[tuple[str, Stage]] = STAGES, *,
                 since: str | None = None, until: str | None = None,
                 overrides: dict[str, Any] | None = None) -> RunReport:
    """Crawl ``entries`` into ``db_url``, then run ``stages`` (linking, alerting, delivery)."""
    crawl = crawl_entries(entries, db_url, since=since, until=until, overrides=overrides)
    return RunReport(crawl, run_stages(stages, db_url))
