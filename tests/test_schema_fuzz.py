"""schemathesis against the app's own OpenAPI schema: no generated request gets a 5xx."""

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from classify import LogClassifier
from llm_processor import LLMClassifier
from server import create_app
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def api_schema(embedding):
    app = create_app(make_settings(), load=lambda s: LogClassifier(
        embedding, LLMClassifier.from_settings(s), s.max_line_chars))
    with TestClient(app):  # runs the lifespan, so the models are loaded
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
