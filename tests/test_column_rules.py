"""The column passes give their per-line twins' answers, line for line."""

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.logs import write_csv
from canonical import canonical
from column_rules import first_rules, masking_keys, plain_messages, rust_pattern
from normalization import normalize
from regex_processor import REGEX_RULES, match_rule
from tests.test_canonical import VIEWS
from tests.test_normalization import CASES
from tests.test_regex_processor import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
CLIP = 2_000

# Pieces of log lines that the tables look for, and their near misses: the generated lines below
# are mostly printable ASCII (the column passes) with some other characters (the per-line ones).
PIECES = [
    "User", "logged in.", "status", "status_code=", "Status Code:", "RCODE", "return code",
    "HTTP/1.1", '"GET', "POST", "/api/v1/items", "->", "returned", "HTTP/2\"", "len:", "time:",
    "Dec", "Jan 3", "Mar  4", "ERROR", "error:", "[info]", "<warn>", "(DEBUG)", "WARN -", "<14>",
    "<86>1", "{", "}", "level=info", "msg=", "sshd[22]:", "Failed password for", "Invalid user",
    "Accepted publickey for", "port", "ssh2", "from", "nova.compute.claims", "[instance:",
    "Kernel panic - not syncing:", "BUG: unable to handle page fault", "panic: ", "Segmentation fault",
    "java.lang.OutOfMemoryError", "Backup completed successfully", "File", "uploaded successfully by user",
    "stdout F", "2024-05-01T12:00:00Z", "2024-05-01 12:00:00,123", "12/Mar/2024:10:00:00 +0000",
    "1/14/2025", "12:30:45.123", "3f2a1b0c-9d8e-7f6a-5b4c-3d2e1f0a9b8c", "bob.smith+x@mail.example.com",
    ".x@y.com", "-a@b.io", "10.0.0.1", "10.0.0.1:8080", "fe80:0:0:0:202:b3ff:fe1e:8329", "db-03",
    "api-7f8c9d-x2k4z", "a-b-c1", "node_x-1-y", "0x1F", "0xZZ", "deadbeef", "deadbeef12", "12345678",
    "1234567a", "a1234567", "ABCDEF0123", "abc12", "3.14", "v1.2.3", "-", ":", "=", "\"", "'", ",",
    "(", ")", "[", "]", "/", "é", "\t", "\u00a0", "²", "٣",
]
piece = st.one_of(st.sampled_from(PIECES), st.integers(0, 10**9).map(str),
                  st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=6))
line = st.lists(piece, max_size=14).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", "", "  ", "-", ":", "/", "."]),
                           min_size=len(parts), max_size=len(parts)).map(
        lambda gaps: "".join(part + gap for part, gap in zip(parts, gaps))))


def corpus_lines() -> list[str]:
    """Lines of our own corpus and holdout sets, and of the benchmark generator."""
    lines = []
    for path in [ROOT / "training/dataset/corpus.csv", *sorted((ROOT / "training/holdout").glob("*.csv"))]:
        with path.open(newline="", encoding="utf-8") as handle:
            lines += [row["log_message"] for row in csv.DictReader(handle)]
    generated = io.StringIO()
    write_csv(generated, 20_000, seed=5)
    generated.seek(0)
    lines += [row["log_message"] for row in csv.DictReader(generated)]
    return list(dict.fromkeys(lines))


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return corpus_lines()


def assert_plain_views_agree(lines: list[str]) -> None:
    for line_, message in zip(lines, plain_messages(lines, CLIP)):
        if message is not None:
            assert tuple(canonical(line_)) == ("", message, message), line_


def test_masking_keys_are_normalize_on_every_corpus_line(lines):
    assert masking_keys(lines) == [normalize(text) for text in lines]


def test_first_rules_are_match_rule_on_every_corpus_line(lines):
    found = first_rules(lines)
    assert found == [match_rule(text) for text in lines]
    assert len({name for name in found if name}) >= 10  # the lines reach most of the table


def test_plain_messages_are_the_canonical_view_of_corpus_lines(lines):
    assert_plain_views_agree(lines)
    plain = plain_messages(lines, CLIP)
    assert sum(message is not None for message in plain) > len(lines) / 2  # most lines are plain


def test_the_tables_own_examples():
    texts = [text for cases in CASES.values() for text, _ in cases]
    assert masking_keys(texts) == [normalize(text) for text in texts]
    examples = [text for hits, misses in EXAMPLES.values() for text in hits + misses]
    assert first_rules(examples) == [match_rule(text) for text in examples]
    assert {name for name in first_rules(examples) if name} == {rule.name for rule in REGEX_RULES}
    assert_plain_views_agree(list(VIEWS))  # wrapped lines (None), and some without a wrapper


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=20))
def test_generated_lines_get_the_per_line_answers(texts):
    assert masking_keys(texts) == [normalize(text) for text in texts]
    assert first_rules(texts) == [match_rule(text) for text in texts]
    assert_plain_views_agree(texts)


def test_lines_that_are_not_printable_ascii_take_the_per_line_path():
    texts = ["Café 12 opened", "tab\there 42", "x²-3 done", "ok 12"]
    assert masking_keys(texts) == [normalize(text) for text in texts]
    assert plain_messages(texts, CLIP) == [None, None, None, "ok 12"]
    assert plain_messages(["a" * (CLIP + 1)], CLIP) == [None]  # a long line is clipped per line


def test_text_that_is_no_utf8_takes_the_per_line_path():
    texts = ["lone \udc80 surrogate 12", "ok 12"]  # a Python caller can pass one; a file cannot
    assert masking_keys(texts) == [normalize(text) for text in texts]
    assert first_rules(texts) == [match_rule(text) for text in texts]
    assert plain_messages(texts, CLIP) == [None, "ok 12"]


def test_empty_columns():
    assert masking_keys([]) == first_rules([]) == plain_messages([], CLIP) == []


def test_rust_pattern_spells_classes_in_ascii():
    assert rust_pattern(r"\b[\w.-]+\s\d.\S") == r"(?-u:\b)[0-9A-Za-z_.-]+[ ][0-9][ -~][!-~]"
    assert rust_pattern(r"[^\]\s]x\.") == r"[^\] ]x\."
    assert rust_pattern(r"[]a[]") == r"[\]a\[]"


@pytest.mark.parametrize("pattern", [r"a(?=b)", r"(?<!x)y", r"(?!z)", r"(?<=q)r", r"a*+", r"(?>ab)",
                                     r"[a&&b]", r"[+--]", r"[a~~b]"])
def test_rust_pattern_refuses_what_rust_lacks_or_reads_otherwise(pattern):
    with pytest.raises(ValueError):
        rust_pattern(pattern)


def test_rust_pattern_takes_an_escaped_parenthesis_before_a_question_mark():
    assert rust_pattern(r"\(?=x") == r"\(?=x"
