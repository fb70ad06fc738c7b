"""Property-based: any CSV with the two required columns comes back whole, in order, labeled."""

import csv
import io

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classify import LogClassifier
from labels import ALL_LABELS
from llm_processor import LLMClassifier
from server import create_app
from tests.conftest import make_settings

# NUL is refused with a 400 by design (test_server covers it); surrogates cannot be UTF-8.
cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
long_cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                    min_size=3_000, max_size=6_000)
extra_name = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                     min_size=1, max_size=12).filter(
    lambda name: name not in {"source", "log_message", "target_label"})


@st.composite
def csv_tables(draw):
    extras = draw(st.lists(extra_name, max_size=3, unique=True))
    header = draw(st.permutations(["source", "log_message", *extras]))
    rows = draw(st.lists(st.lists(st.one_of(cell, cell, long_cell),
                                  min_size=len(header), max_size=len(header)), max_size=12))
    return header, rows


@pytest.fixture(scope="module")
def client(embedding):
    settings = make_settings()
    app = create_app(settings, load=lambda s: LogClassifier(
        embedding, LLMClassifier.from_settings(s), s.max_line_chars))
    with TestClient(app) as client:
        yield client


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(table=csv_tables())
def test_rows_come_back_whole_and_labeled(client, table):
    header, rows = table
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    response = client.post("/classify/", files={"file": ("t.csv", text.getvalue().encode("utf-8"))})
    assert response.status_code == 200, response.text
    got = list(csv.reader(io.StringIO(response.text)))
    assert got[0] == [*header, "target_label"]
    assert [row[:-1] for row in got[1:]] == rows
    assert all(row[-1] in ALL_LABELS for row in got[1:])
