"""The demo: the sample site served on 127.0.0.1, two subscriptions, the main job, and what it produced.

It is the real main job (:func:`tracker.job.run_main_job`): the same spiders, pipeline, analysis, contract
linking, alerting and delivery; only the site is local and the politeness delays are off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from scrapers.replay import replaying
from tracker.alerts import SubscriptionFilters, alert_listing, subscribe
from tracker.contracts import contract_listing
from tracker.demo.site import CITY_HOST, COUNTY_API_HOST, sample_registry, sample_site
from tracker.digest import Digest, render_text
from tracker.digest.store import alerts_since
from tracker.job import RunReport, run_main_job

#: A replayed site needs no politeness; the demo must finish in seconds.
DEMO_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "ERROR",
                 "RETRY_TIMES": 1}


@dataclass
class DemoResult:
    """What the demo made: the run, and the contracts, alerts and digest found in its database."""

    db_url: str
    run: RunReport
    contracts: list[dict[str, Any]]
    alerts: list[dict[str, Any]]
    digest_text: str
    files: list[Path]


def run_demo(directory: Path, today: dt.date | None = None, progress: bool = False) -> DemoResult:
    """Run the main job on the sample site into ``directory`` (a fresh database each time)."""
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / "demo.sqlite"
    for stale in directory.glob("demo.sqlite*"):
        stale.unlink()
    db_url = f"sqlite:///{database}"
    upgrade(db_url)
    engine = make_engine(db_url)
    atom, ics = directory / "california.atom", directory / "upcoming-votes.ics"
    try:
        with session_factory(engine).begin() as session:
            subscribe(session, name="california", filters=SubscriptionFilters(states=["CA"]), channel="atom",
                      target=str(atom))
            subscribe(session, name="votes", filters=SubscriptionFilters(kinds=["upcoming_vote"]), channel="ics",
                      target=str(ics))
        started = dt.datetime.now(dt.UTC)
        with replaying(sample_site(today or dt.date.today())) as site:
            entries = sample_registry({CITY_HOST: site.base(CITY_HOST), COUNTY_API_HOST: site.base(COUNTY_API_HOST)})
            report = run_main_job(entries, db_url, overrides={**DEMO_SETTINGS, "ALPR_PROGRESS_ENABLED": progress})
        with session_factory(engine)() as session:
            contracts = contract_listing(session)
            alerts = alert_listing(session)
            digest = Digest.of("alpr-tracker demo", alerts_since(session, started - dt.timedelta(minutes=1)),
                               dt.datetime.now(dt.UTC))
    finally:
        engine.dispose()
    return DemoResult(db_url, report, contracts, alerts, render_text(digest), [p for p in (atom, ics) if p.exists()])
