# Everyday targets; the README ("Test it") says what each is for.
.PHONY: test quick lint bench

VENV := .venv

# The full suite, exactly as the README and .ci/run run it.
test:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]' && $(VENV)/bin/pytest

# Under a minute on 2 cores: the library unit tests (tests/tracker; not the clock-driven schedule tests), no slow or
# PostgreSQL tests, stop at the first failure.
quick:
	ALPR_TRACKER_SKIP_PG=1 $(VENV)/bin/pytest -m 'not slow and not postgres' -x -q -p no:cacheprovider tests/tracker --ignore=tests/tracker/test_schedule.py

# ruff and mypy as configured in pyproject.toml.
lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy tracker scrapers db

# Each benchmark once (they print ratios to a baseline measured in the same run).
bench:
	$(VENV)/bin/python benchmarks/bench_cli_start.py
	$(VENV)/bin/python benchmarks/bench_analysis.py
	$(VENV)/bin/python benchmarks/bench_pdf.py
	$(VENV)/bin/python benchmarks/bench_crawl.py
