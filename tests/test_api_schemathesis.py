"""Property-based: schemathesis generates requests from /openapi.json and runs them against the app in-process.

Checks: no 5xx for anything a client can send, and every response matches the schema documented for it.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api import create_app
from scorer import load_model

# Bounded so the whole suite stays fast; raise locally to search harder.
MAX_EXAMPLES = 25

app = create_app({"TESTING": True, "MODEL": load_model(), "MAX_BATCH": 5})
schema = schemathesis.openapi.from_wsgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.filterwarnings("ignore")
def test_api_never_fails_and_matches_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
