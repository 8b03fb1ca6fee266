"""Property-based tests from the OpenAPI document (schemathesis on Hypothesis): requests built
from every operation's schema, valid and invalid, against a real server; none may get a 500.
Each operation gets a few dozen examples, so the whole module runs in well under a minute."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[dev]')")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 15


@pytest.fixture(scope="module")
def api_schema(live_server):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/openapi.json")
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                    max_examples=EXAMPLES)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_no_request_gets_a_server_error(case, live_server):
    case.call_and_validate(base_url=live_server.url, checks=[not_a_server_error], timeout=60)


def test_the_document_publishes_the_schemas(live_server):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/openapi.json") as response:
        document = json.loads(response.read())
    schemas = document["components"]["schemas"]
    assert {"Analysis", "Analysis_finding", "ArticleInput", "BatchInput", "JobOut", "ErrorBody"} <= set(schemas)
    analyze = document["paths"]["/api/v1/analyze"]["post"]
    assert set(analyze["requestBody"]["content"]) == {"application/json", "multipart/form-data", "text/plain",
                                                       "text/html"}
    assert analyze["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Analysis"}
    refs = json.dumps(document).count('"$ref": "#/$defs/')
    assert refs == 0  # every reference of the embedded analysis schema resolves inside the document
    assert not any(path.startswith("/articles") or path == "/" for path in document["paths"])  # the UI is not API
