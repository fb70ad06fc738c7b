"""Training and evaluation end to end, and the committed model's metadata and calibration."""

import hashlib
import json
import warnings

import joblib
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from bert_processor import ModelVersionWarning, load_model, metadata_path, save_model
from labels import EMBEDDING_LABELS, UNCLASSIFIED
from normalization import normalize
from settings import DEFAULT_MODEL_PATH
from training import evaluate, generate_corpus, train

HOLDOUT = train.REPO_ROOT / "training" / "holdout" / "paraphrases.csv"

# Text that is no log line of any category: none of it may get a confident label.
OUT_OF_DOMAIN = [
    "hello how are you doing today",
    "purple monkey dishwasher",
    "asdkjh qweiu zxmn",
    "I need to buy groceries after work",
    "What's the weather like in Paris?",
    "The cat sat on the mat",
    "can we move our call to friday afternoon",
    "good night and sweet dreams",
    "ok thanks bye",
    "xyzzy plugh",
    "The mitochondria is the powerhouse of the cell",
    "Did you remember to water the plants?",
    "hjkl;hjkl;",
    "my favourite band is playing tonight",
    "Where is the nearest pharmacy?",
    "let's go hiking this weekend",
]

# Plain log lines the committed model must label confidently and correctly.
IN_DOMAIN = [
    ("Kernel panic - not syncing: fatal exception, machine halted", "Critical Error"),
    ("Nightly export job 4471 failed with exit code 2", "Error"),
    ("Brute force login attempts from 45.9.20.11 blocked by firewall", "Security Alert"),
    ("Memory usage on db-03 at 93% of physical RAM", "Resource Usage"),
    ("Deployment of checkout 2.14.0 finished successfully", "System Notification"),
    ("bob.smith changed his notification preferences", "User Action"),
    ("POST /api/v1/orders returned 201 in 35ms", "HTTP Status"),
]


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    """A model trained on a 20-rows-per-label corpus, with its metadata and the train output."""
    folder = tmp_path_factory.mktemp("small")
    corpus = folder / "corpus.csv"
    model = folder / "model.joblib"
    assert generate_corpus.main(["--out", str(corpus), "--per-label", "20"]) == 0
    assert train.main(["--data", str(corpus), "--out", str(model), "--threshold", "0.45",
                       "--eval-data", str(folder / "absent.csv")]) == 0
    return corpus, model


def test_train_writes_model_and_metadata(small_model):
    corpus, model = small_model
    classifier, metadata = load_model(model)
    assert json.loads(metadata_path(model).read_text()) == metadata
    assert set(metadata["labels"]) == set(EMBEDDING_LABELS) | {UNCLASSIFIED}
    assert metadata["embedding_model"] == "all-MiniLM-L6-v2"
    assert metadata["threshold"] == 0.45
    assert metadata["corpus_rows"] == 20 * 8
    assert metadata["corpus_sha256"] == hashlib.sha256(corpus.read_bytes()).hexdigest()
    held_out = metadata["evaluation"]["corpus_held_out"]
    assert 0 <= held_out["accuracy"] <= 1 and held_out["templates"] > 0
    assert "eval_set" not in metadata["evaluation"]  # absent file: skipped
    assert list(classifier.classes_) == sorted(metadata["labels"])


def test_train_is_deterministic(small_model, tmp_path):
    corpus, model = small_model
    again = tmp_path / "again.joblib"
    assert train.main(["--data", str(corpus), "--out", str(again), "--no-eval"]) == 0
    first, _ = load_model(model)
    second, _ = load_model(again)
    np.testing.assert_allclose(first.coef_, second.coef_, rtol=1e-6, atol=1e-8)


def test_evaluate_prints_the_figures(small_model, capsys):
    _, model = small_model
    assert evaluate.main(["--data", str(HOLDOUT), "--model", str(model), "--sweep", "0.4,0.6"]) == 0
    out = capsys.readouterr().out
    for expected in ("LLM tier: disabled", "accuracy:", "precision", "recall", "f1-score",
                     "confusion matrix", "rows per tier", "regex", "bert", "none",
                     "regex rules: matches, correct, precision:", "openstack_wsgi_access",
                     "threshold sweep"):
        assert expected in out


def test_evaluate_excludes_legacy_crm_by_default(embedding):
    rows = [{"source": "LegacyCRM", "log_message": "Case escalation failed", "target_label": "Workflow Error"},
            {"source": "ModernCRM", "log_message": "User u1 logged in.", "target_label": "User Action"}]
    figures = evaluate.evaluate_rows(rows, embedding)
    assert figures["rows"] == 1 and figures["excluded_rows"] == 1 and figures["accuracy"] == 1.0
    assert figures["rules"]["user_login_logout"] == {"matches": 1, "correct": 1, "precision": 1.0}
    everything = evaluate.evaluate_rows(rows, embedding, exclude_sources=())
    assert everything["tiers"]["none"] == 1 and everything["accuracy"] == 0.5


def test_disabled_llm_answers_nothing():
    assert evaluate.DisabledLLM().classify(["a", "b"]) == [None, None]


def test_committed_model_metadata():
    _, metadata = load_model(DEFAULT_MODEL_PATH)
    assert set(metadata["labels"]) == set(EMBEDDING_LABELS) | {UNCLASSIFIED}
    assert metadata["embedding_model"] == "all-MiniLM-L6-v2"
    assert metadata["corpus_sha256"] == hashlib.sha256(
        generate_corpus.DEFAULT_OUT.read_bytes()).hexdigest(), \
        "models/log_classifier.joblib was not trained on the committed corpus: run training/train.py"
    assert 0 < metadata["threshold"] < 1


def test_out_of_domain_text_gets_no_confident_label(embedding):
    answers = embedding.predict([normalize(text) for text in OUT_OF_DOMAIN])
    confident = [(text, label, round(p, 3)) for text, (label, p) in zip(OUT_OF_DOMAIN, answers)
                 if label is not None]
    assert not confident


def test_committed_model_labels_plain_lines(embedding):
    answers = embedding.predict([normalize(line) for line, _ in IN_DOMAIN])
    assert [label for label, _ in answers] == [label for _, label in IN_DOMAIN]


def test_other_sklearn_version_warns(tmp_path):
    classifier = LogisticRegression().fit([[0.0], [1.0]], ["a", "b"])
    path = tmp_path / "model.joblib"
    save_model(path, classifier, {"labels": ["a", "b"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model(path)  # same version: silent
    bundle = joblib.load(path)
    bundle["metadata"]["sklearn_version"] = "0.0.1"
    joblib.dump(bundle, path)
    with pytest.warns(ModelVersionWarning, match="0.0.1"):
        loaded, metadata = load_model(path)
    assert metadata["labels"] == ["a", "b"]
    assert list(loaded.predict([[0.0], [1.0]])) == ["a", "b"]
