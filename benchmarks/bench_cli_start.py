"""How long ``alpr-tracker`` takes to start, beside bare Python and beside importing Scrapy and SQLAlchemy.

Run: ``python benchmarks/bench_cli_start.py [--runs 9]``. Each command runs ``--runs`` times as a fresh
subprocess (wall time: interpreter start, imports, help rendering); the median and the minimum are printed,
and each median as a ratio to ``python -c pass`` and to ``import scrapy, sqlalchemy`` measured in the same run,
because absolute figures on this shared 2-core machine move with the load and the ratios do not.
The CLI lists its commands without importing them (tracker/cli/__init__.py), so ``--help`` should stay a
small multiple of bare Python and well under the Scrapy + SQLAlchemy import alone.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CLI = [sys.executable, "-m", "tracker"]
CASES: list[tuple[str, list[str]]] = [
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("python -c 'import scrapy, sqlalchemy'", [sys.executable, "-c", "import scrapy, sqlalchemy"]),
    ("alpr-tracker --help", [*CLI, "--help"]),
    ("alpr-tracker --version", [*CLI, "--version"]),
    ("alpr-tracker crawl --help", [*CLI, "crawl", "--help"]),
]


def wall_times(command: list[str], runs: int) -> list[float]:
    """Seconds per run of ``command`` (output discarded); a failing run stops the benchmark."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="subprocess runs per command (default 9)")
    runs = parser.parse_args().runs
    if runs < 1:
        parser.error("--runs must be at least 1")
    medians: dict[str, float] = {}
    print(f"{'command':40} {'median s':>9} {'min s':>7} {'x pass':>7} {'x scrapy+sqlalchemy':>20}")
    for label, command in CASES:
        times = wall_times(command, runs)
        medians[label] = statistics.median(times)
        bare, heavy = medians[CASES[0][0]], medians.get(CASES[1][0])
        versus_heavy = f"{medians[label] / heavy:20.2f}" if heavy else f"{'':20}"
        print(f"{label:40} {medians[label]:9.3f} {min(times):7.3f} {medians[label] / bare:7.1f} {versus_heavy}")


if __name__ == "__main__":
    main()
