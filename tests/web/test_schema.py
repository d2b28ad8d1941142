"""Schemathesis against the app's own OpenAPI, in process over ASGI: no input gives a server error, a status
the schema does not list, or a body that does not match it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance  # noqa: E402

from tracker.web import create_app  # noqa: E402

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.mark.slow
def test_every_operation_keeps_its_schema(demo_db: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(demo_db, rate_per_minute=10**9))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(checks=CHECKS)

        check()
