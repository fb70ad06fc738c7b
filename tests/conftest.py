"""Shared fixtures: the real embedding model and classifier, loaded once per test session."""

import socket
import tempfile

import pytest

from bert_processor import EmbeddingClassifier
from classify import LogClassifier
from llm_processor import LLMClassifier
from settings import Settings


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_JOBS_ROOT = tempfile.TemporaryDirectory(prefix="test-jobs-")  # removed when the test run ends


def make_settings(**overrides) -> Settings:
    """Settings from defaults and `overrides` only: no `.env`, no Groq key unless given, jobs in a new temporary folder."""
    overrides.setdefault("groq_api_key", None)
    overrides.setdefault("jobs_dir", tempfile.mkdtemp(dir=_JOBS_ROOT.name))
    return Settings(_env_file=None, **overrides)


@pytest.fixture(scope="session")
def embedding() -> EmbeddingClassifier:
    return EmbeddingClassifier.from_settings(make_settings())


@pytest.fixture(scope="session")
def offline_classifier(embedding) -> LogClassifier:
    """The real classifier with no Groq key: LLM-tier rows come back Unclassified."""
    settings = make_settings()
    return LogClassifier(embedding, LLMClassifier.from_settings(settings), settings.max_line_chars)


@pytest.fixture
def make_client(embedding):
    """A started in-process TestClient of the app: `make_client(settings)` or
    `make_client(**overrides)` of `make_settings`; the embedding model is shared."""
    from fastapi.testclient import TestClient

    from server import create_app

    clients = []

    def build(settings: Settings | None = None, **overrides) -> TestClient:
        def load(s):
            return LogClassifier(embedding, LLMClassifier.from_settings(s), s.max_line_chars)

        client = TestClient(create_app(settings or make_settings(**overrides), load=load))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client):
    """A started in-process TestClient of the app with default settings."""
    return make_client()
