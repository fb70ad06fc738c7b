"""The corpus generator and the committed corpus it produced."""

import csv
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from labels import DEPRECATION_WARNING, EMBEDDING_LABELS, UNCLASSIFIED, WORKFLOW_ERROR
from training import generate_corpus
from training.templates import deprecations, workflows
from training.generate_corpus import CORPUS_LABELS, DEFAULT_OUT, generate, write_corpus

# A template slot left in a line: a filler name (`{ip}`) or alternatives (`{a|b}`). Literal
# braces of real formats (`{TCP}`, `{ execute }`, JSON) are not slots.
UNFILLED_SLOT = re.compile(r"\{(?:[a-z0-9]+|[^{}]*\|[^{}]*)\}")
EVAL_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "codebasics_synthetic_logs.csv"


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_generation_is_deterministic():
    assert generate(25) == generate(25)
    assert generate(25, seed=1) != generate(25, seed=2)


def test_shape_and_labels():
    rows = generate(30)
    assert len(rows) == 30 * len(CORPUS_LABELS)
    assert Counter(row[2] for row in rows) == {label: 30 for label in CORPUS_LABELS}
    assert set(CORPUS_LABELS) == set(EMBEDDING_LABELS) | {UNCLASSIFIED}
    assert {WORKFLOW_ERROR, DEPRECATION_WARNING} <= set(CORPUS_LABELS)
    for source, message, label, template_id in rows:
        assert source.strip() and message.strip()
        assert source != "LegacyCRM"
        assert not UNFILLED_SLOT.search(message), message
        name, index = template_id.rsplit(":", 1)
        assert name == label and 0 <= int(index) < len(generate_corpus.TEMPLATES[label])


def test_every_template_of_the_new_families_renders():
    rng = random.Random(0)
    for family in (deprecations.TEMPLATES, workflows.TEMPLATES):
        for label, templates in family.items():
            for template in templates:
                for _ in range(5):
                    line = template(rng) if callable(template) else generate_corpus.fill(template, rng)
                    assert line.strip() and not UNFILLED_SLOT.search(line), (label, line)


def test_every_template_is_used():
    per_label = max(len(templates) for templates in generate_corpus.TEMPLATES.values())
    rows = generate(per_label)
    assert len({row[1] for row in rows}) > 0.9 * len(rows)


def test_main_writes_csv(tmp_path):
    out = tmp_path / "small.csv"
    assert generate_corpus.main(["--out", str(out), "--per-label", "4"]) == 0
    rows = read_rows(out)
    assert list(rows[0]) == ["source", "log_message", "target_label", "template_id"]
    assert len(rows) == 4 * len(CORPUS_LABELS)


def test_committed_corpus_is_what_the_generator_writes(tmp_path):
    fresh = tmp_path / "corpus.csv"
    write_corpus(generate(), fresh)
    assert fresh.read_bytes() == DEFAULT_OUT.read_bytes(), \
        "training/dataset/corpus.csv is stale: run python training/generate_corpus.py"


def test_committed_corpus_size_and_balance():
    assert DEFAULT_OUT.stat().st_size < 5 * 1024 * 1024
    counts = Counter(row["target_label"] for row in read_rows(DEFAULT_OUT))
    assert set(counts) == set(CORPUS_LABELS)
    assert len(set(counts.values())) == 1


@pytest.mark.skipif(not EVAL_SET.is_file(), reason="third-party evaluation set not present")
def test_no_evaluation_line_in_corpus():
    evaluation = {row["log_message"].strip() for row in read_rows(EVAL_SET)}
    corpus = {row["log_message"].strip() for row in read_rows(DEFAULT_OUT)}
    assert not evaluation & corpus
