"""Ordinary mistakes get one clear line and the right exit code, never a traceback.

Each command that opens the database is run, in a child process as a user runs it, with the ``--db`` values
people really type wrong: a URL of no database, a folder that does not exist, a PostgreSQL database that was
never created (on the server of ``$ALPR_TRACKER_TEST_PG``, as CI has). A plain file path is no mistake.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("ALPR_TRACKER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
#: Commands that open the database, with the arguments each needs to get that far.
COMMANDS = {
    "alerts": ["alerts"], "contracts": ["contracts"], "documents": ["documents"], "search": ["search", "flock"],
    "subscriptions": ["subscriptions"], "digest": ["digest"], "portals": ["portals"],
    "sources": ["sources", "list"], "crawl": ["crawl", "--registry", "REGISTRY", "--no-progress"],
    "run": ["run", "--registry", "REGISTRY", "--no-progress"],
}


def _run(tmp_path: Path, args: list[str]) -> subprocess.CompletedProcess:
    registry = tmp_path / "registry.csv"
    registry.write_text("id,name,state,platform,url\ncivicplus:x,X,NC,civicplus,http://127.0.0.1:9/AgendaCenter\n")
    args = [str(registry) if a == "REGISTRY" else a for a in args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ALPR_TRACKER_DB", None)
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=120)


def _missing_postgres() -> str:
    return POSTGRES.rsplit("/", 1)[0] + "/alpr_tracker_no_such_database"


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(("db", "code", "said"), [
    ("foo://bar", 2, "'foo' databases are not supported: give a file path"),
    ("sqlite:////nonexistent-folder/alpr.sqlite", 2, "the folder /nonexistent-folder does not exist"),
    ("MISSING_POSTGRES", 1, "PostgreSQL database 'alpr_tracker_no_such_database' does not exist"),
], ids=["no-such-scheme", "missing-folder", "missing-postgres-database"])
def test_a_bad_database_is_one_line_with_what_to_do(tmp_path: Path, command: str, db: str, code: int,
                                                   said: str) -> None:
    db = _missing_postgres() if db == "MISSING_POSTGRES" else db
    done = _run(tmp_path, [*COMMANDS[command], "--db", db])
    assert done.returncode == code, done.stderr[-800:]
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert said in " ".join(done.stderr.replace("│", " ").split()), done.stderr[-800:]


def test_a_plain_file_path_is_an_sqlite_database(tmp_path: Path) -> None:
    done = _run(tmp_path, ["alerts", "--db", "demo.sqlite", "--format", "json"])
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.strip() == "[]" and (tmp_path / "demo.sqlite").exists()


def test_version_is_the_package_version(tmp_path: Path) -> None:
    done = _run(tmp_path, ["--version"])
    assert (done.returncode, done.stdout) == (0, f"alpr-tracker {version('alpr-tracker')}\n")


@pytest.mark.parametrize("command", [["sources", "list"], ["crawl", "--no-progress"], ["run", "--no-progress"],
                                     ["subscribe", "--name", "x", "--jurisdiction", "Knoxville, TN", "--email",
                                      "me@example.org"]])
def test_a_registry_that_is_not_yaml_is_one_line_naming_its_line(tmp_path: Path, command: list[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("entries: [ {id: 1\n")
    done = _run(tmp_path, [*command, "--registry", str(broken), "--db", str(tmp_path / "x.sqlite")])
    assert done.returncode == 2, done.stderr[-800:]
    assert "Traceback" not in done.stderr
    unboxed = "".join(done.stderr.replace("│", "").split())  # rich wraps the message inside a box
    assert "".join(f"{broken}:2: not YAML: did not find expected ',' or '}}'".split()) in unboxed, done.stderr[-800:]
