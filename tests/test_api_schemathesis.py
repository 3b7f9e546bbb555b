"""Every API operation, called with data generated from its OpenAPI schema (Schemathesis).

The calls go through the whole WSGI application (page-cache front included) with the demo
newsroom loaded; each answer must not be a server error and must be what the schema says:
a documented status, JSON, and a body matching that status's schema. A bounded number of
examples per operation keeps the run under a minute.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def api_schema(demo, settings):
    """The schema as the API serves it, bound to the WSGI application."""
    from newsdesk.wsgi import application

    # Hundreds of requests from one address in well under a minute.
    settings.API_ANON_RATE_PER_MINUTE = 1_000_000
    # As Django's test client does: keep the test's database connection (and its
    # transaction, which holds the demo newsroom) open across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case):
    # Werkzeug's test client, unlike an HTTP client, does not undo the gzip that the page
    # store applies to hits for clients that accept it.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
