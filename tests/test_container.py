"""The container set-up (Containerfile, compose.yaml) is validated by ``.ci/validate-container``: the real
files pass, and a compose file that refers to things that do not exist is refused, one line per problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "validate-container"


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300)


def test_the_projects_compose_file_and_containerfile_are_valid() -> None:
    result = validate()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: compose.yaml") and "Traceback" not in result.stderr


def test_the_main_job_runs_on_the_compose_database_and_frontier() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    command = services["run"]["command"]
    assert command[0] == "run"
    assert command[command.index("--db") + 1].startswith("postgresql+psycopg://")
    assert command[command.index("--redis") + 1] == "redis://redis:6379/0"
    assert services["scheduler"]["command"][0] == "schedule"
    assert services["scheduler"]["environment"]["ALPR_TRACKER_REDIS"] == "redis://redis:6379/0"


def test_a_compose_file_naming_what_does_not_exist_is_refused_line_by_line(tmp_path: Path) -> None:
    broken = {"services": {
        "postgres": {"image": "postgres:latest"},
        "run": {"build": {"context": str(ROOT), "dockerfile": "Containerfile"},
                "command": ["run", "--db", "sqlite:///x.sqlite", "--redis", "redis://cache:6379/0", "--bogus"],
                "environment": {"ALPR_TRACKER_NOPE": "1"},
                "depends_on": {"postgres": {"condition": "service_healthy"}, "queue": {}}},
        "scheduler": {"build": {"context": str(tmp_path), "dockerfile": "Containerfile"}, "command": ["shedule"]},
    }}
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "Containerfile").write_text('FROM python:3.11-slim\nCOPY pyproject.toml missing.txt ./\n'
                                            'RUN pip install ".[nope]"\nENTRYPOINT ["python"]\n', encoding="utf-8")
    compose = tmp_path / "compose.yaml"
    compose.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = validate(str(compose))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = result.stderr.splitlines()
    expected = [
        "compose.yaml lacks the redis service",
        "service postgres: needs a build or an image with a pinned tag, not 'postgres:latest'",
        "service run: waits for postgres to be healthy, but postgres has no healthcheck",
        "service run: depends on 'queue', which is no service",
        "service run: alpr-tracker run has no option --bogus",
        "service run: --db sqlite:///x.sqlite is not a postgresql+psycopg URL on a compose service (postgres)",
        "service run: --redis redis://cache:6379/0 is not a redis URL on a compose service (redis)",
        "service run: alpr-tracker reads no variable ALPR_TRACKER_NOPE",
        f"Containerfile:2: COPY missing.txt: no such file in {tmp_path}",
        "Containerfile: installs the extra [nope], which pyproject.toml does not declare",
        'Containerfile: the entry point is not ["alpr-tracker"]: the compose commands would not run',
        "service scheduler: alpr-tracker has no command 'shedule'",
    ]
    assert problems == expected
