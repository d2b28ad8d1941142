"""The demo database (``alpr-tracker demo``: the whole main job, replayed offline) with a scraped ``<script>``
written into an item title and a contract's evidence, shared by the web tests of one session."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of the demo run's SQLite database, one title and one evidence passage carrying ``SCRIPT``."""
    folder = tmp_path_factory.mktemp("demo")
    subprocess.run([sys.executable, "-m", "tracker", "demo", "--dir", str(folder)], cwd=ROOT, check=True,
                   capture_output=True, timeout=240)
    path = folder / "demo.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE items SET title = title || ?", (SCRIPT,))
        connection.execute("UPDATE jurisdictions SET name = name || ?", (SCRIPT,))
    return f"sqlite:///{path}"
