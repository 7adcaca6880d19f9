"""Schemathesis over the OpenAPI schema of a live server: no input makes it answer 5xx.

Each operation gets hypothesis-generated requests (valid and invalid); the only
check is schemathesis' not_a_server_error. (Driven by hand rather than through
schemathesis' pytest plugin, which does not load under this pytest.)
"""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 30


def test_no_operation_answers_5xx(writable_server):
    schema = schemathesis.openapi.from_url(f"{writable_server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures: dict[str, str] = {}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case) -> None:
            case.call_and_validate(checks=[not_a_server_error], timeout=30)

        try:
            fuzz()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
