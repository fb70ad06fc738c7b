"""The coordinator: tier order, LegacyCRM routing, per-template cost, and the plain Python API."""

import random

from bert_processor import EmbeddingClassifier
from classify import LogClassifier, Summary, classify
from labels import ALL_LABELS, TIER_BERT, TIER_NONE, TIER_REGEX
from llm_processor import LLMClassifier
from tests.conftest import make_settings

TEMPLATES = [
    "User {user} logged in.",
    "Backup completed successfully.",
    "Disk usage on node-{n} reached {pct}% of capacity",
    "Failed password for invalid user {user} from 10.0.{n}.{m} port {port} ssh2",
    "Payment reconciliation job {n} failed after {m} retries",
    "Kernel panic on host db-{n}: not syncing, system halted",
    'GET /api/v1/orders/{n} HTTP/1.1" 503 {port}',
    "Memory usage of container api-{n} at {pct}% of limit",
]


def sample_rows(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [
        rng.choice(TEMPLATES).format(
            user=f"user{rng.randint(1, 999)}", n=rng.randint(1, 300), m=rng.randint(1, 250),
            pct=rng.randint(50, 99), port=rng.randint(1024, 65535),
        )
        for _ in range(count)
    ]


def fresh_classifier(embedding: EmbeddingClassifier) -> LogClassifier:
    """Same models as `embedding`, with an empty template cache."""
    settings = make_settings()
    return LogClassifier(
        EmbeddingClassifier(embedding.encoder, embedding.classifier, embedding.threshold),
        LLMClassifier.from_settings(settings),
        settings.max_line_chars,
    )


def test_batch_labels_match_row_by_row(embedding):
    messages = sample_rows(120)
    batched = fresh_classifier(embedding).classify_batch(["app"] * len(messages), messages)
    one_by_one = fresh_classifier(embedding)
    singles = [one_by_one.classify_batch(["app"], [m])[0] for m in messages]
    assert [r.label for r in batched] == [r.label for r in singles]
    assert [r.tier for r in batched] == [r.tier for r in singles]


def test_cost_grows_with_templates_not_rows(embedding):
    classifier = fresh_classifier(embedding)
    messages = sample_rows(2_000)
    results = classifier.classify_batch(["app"] * len(messages), messages)
    assert len(results) == 2_000
    # Only the templates the regex tier does not take reach the model, each embedded once.
    assert 0 < len(classifier.embedding._cache) <= len(TEMPLATES)


def test_legacy_crm_always_goes_to_llm(offline_classifier):
    results = offline_classifier.classify_batch(
        ["LegacyCRM", "ModernCRM"], ["User u1 logged in.", "User u1 logged in."])
    assert [(r.label, r.tier) for r in results] == [("Unclassified", TIER_NONE), ("User Action", TIER_REGEX)]


def test_tiers_and_summary(offline_classifier):
    summary = Summary()
    results = offline_classifier.classify_batch(
        ["web", "web", "web", "LegacyCRM"],
        ["Backup completed successfully.", "", "Kernel panic on host db-4: not syncing, system halted",
         "Opportunity sync stalled"],
        summary,
    )
    assert results[0].tier == TIER_REGEX and results[0].confidence == 1.0
    assert (results[1].label, results[1].tier) == ("Unclassified", TIER_NONE)
    assert results[2].tier == TIER_BERT and results[2].label == "Critical Error"
    assert results[2].confidence >= 0.5
    assert summary.rows == 4 and summary.llm_unlabeled == 1  # the blank row is not the LLM's
    assert sum(summary.labels.values()) == 4


def test_long_lines_are_clipped_for_the_models(offline_classifier):
    results = offline_classifier.classify_batch(["web"], ["disk full " * 100_000])
    assert results[0].label in ALL_LABELS


def test_plain_python_api():
    labels = classify([("ModernCRM", "User User5 logged out."), ("LegacyCRM", "Renewal stalled")])
    assert labels[0] == "User Action"
    assert all(label in ALL_LABELS for label in labels)


def test_template_cache_off_gives_the_same_labels(embedding):
    messages = sample_rows(300, seed=11)
    cached = fresh_classifier(embedding).classify_batch(["app"] * len(messages), messages)
    uncached = LogClassifier(
        EmbeddingClassifier(embedding.encoder, embedding.classifier, embedding.threshold, cache_size=0),
        LLMClassifier.from_settings(make_settings()),
    )
    again = uncached.classify_batch(["app"] * len(messages), messages)
    assert [(r.label, r.tier) for r in again] == [(r.label, r.tier) for r in cached]
    assert uncached.embedding._cache is None
