"""Training and evaluation end to end, and the committed model's metadata and calibration."""

import csv
import hashlib
import json
import warnings

import joblib
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from bert_processor import (
    ModelVersionWarning,
    encode,
    load_encoder,
    load_model,
    metadata_path,
    save_model,
)
from labels import CATEGORIES, EMBEDDING_LABELS, UNCLASSIFIED
from normalization import normalize
from settings import DEFAULT_MODEL_PATH, Settings
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

# Your own labeled lines, folded in with --extra: a made-up in-house format.
EXTRA_ROWS = [
    ("ZephyrLedger", "zl-audit: quorum seal broken on vault 7, ledger halted", "Critical Error"),
    ("ZephyrLedger", "zl-audit: quorum seal broken on vault 12, ledger halted", "Critical Error"),
    ("ZephyrLedger", "zl-flow: stamp ritual skipped for voucher 88, awaiting clerk", "Workflow Error"),
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
    assert metadata["corpus_rows"] == 20 * 10
    assert metadata["corpus_sha256"] == hashlib.sha256(corpus.read_bytes()).hexdigest()
    assert metadata["extra_file"] is None and metadata["extra_rows"] == 0
    calibration = metadata["evaluation"]["calibration"]
    assert 0 <= calibration["accuracy"] <= 1 and calibration["held_out_families"] > 0
    assert "eval_set" not in metadata["evaluation"]  # absent file: skipped
    assert list(classifier.classes_) == sorted(metadata["labels"])
    assert metadata["class_thresholds"] == classifier.thresholds
    assert set(classifier.thresholds) == set(CATEGORIES)
    assert metadata["min_similarity"] == classifier.min_similarity
    for library in ("sklearn", "numpy", "torch", "sentence_transformers"):
        assert metadata[f"{library}_version"]


def test_extra_labeled_lines_are_learned_and_recorded(small_model, tmp_path):
    corpus, _ = small_model
    extra = tmp_path / "my_labels.csv"
    with extra.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("source", "log_message", "target_label"))
        writer.writerows(EXTRA_ROWS)
    model = tmp_path / "model.joblib"
    assert train.main(["--data", str(corpus), "--extra", str(extra), "--out", str(model),
                       "--no-eval"]) == 0
    classifier, metadata = load_model(model)
    assert metadata["extra_file"] == "my_labels.csv" and metadata["extra_rows"] == len(EXTRA_ROWS)
    assert metadata["extra_sha256"] == hashlib.sha256(extra.read_bytes()).hexdigest()
    templates = [normalize(line) for _, line, _ in EXTRA_ROWS]
    vectors = encode(load_encoder(Settings().embedding_model_path), templates)
    assert list(classifier.predict(vectors, templates)) == [label for _, _, label in EXTRA_ROWS]


def test_extra_file_with_an_unknown_label_is_refused(small_model, tmp_path):
    corpus, _ = small_model
    extra = tmp_path / "bad.csv"
    extra.write_text("source,log_message,target_label\napp,disk full,Disk Problem\n")
    with pytest.raises(SystemExit, match="line 2: unknown label 'Disk Problem'"):
        train.main(["--data", str(corpus), "--extra", str(extra), "--out", str(tmp_path / "m"),
                    "--no-eval"])


def test_train_is_deterministic(small_model, tmp_path):
    corpus, model = small_model
    again = tmp_path / "again.joblib"
    assert train.main(["--data", str(corpus), "--out", str(again), "--no-eval"]) == 0
    first, _ = load_model(model)
    second, _ = load_model(again)
    np.testing.assert_allclose(first.estimator.coef_, second.estimator.coef_, rtol=1e-6, atol=1e-8)
    assert first.thresholds == second.thresholds


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


def test_evaluate_reads_expected_and_alternatives(embedding, tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text("source,log_message,expected,kind\n"
                     "app,User u1 logged in.,User Action|Security Alert,plain\n"
                     "app,User u2 logged in.,Security Alert|User Action,plain\n"
                     "app,User u3 logged out.,Error,wrong on purpose\n")
    rows = evaluate.load_labeled(cases)
    assert rows[0] == {"source": "app", "log_message": "User u1 logged in.",
                       "target_label": "User Action|Security Alert"}
    figures = evaluate.evaluate_rows(rows, embedding)
    assert figures["accuracy"] == pytest.approx(2 / 3)
    assert figures["coverage"] == 1.0 and figures["accepted_precision"] == pytest.approx(2 / 3)
    assert figures["accepted_wrong_share"] == pytest.approx(1 / 3)
    assert figures["labels"] == ["Error", "User Action"]


def test_disabled_llm_answers_nothing():
    assert evaluate.DisabledLLM().classify(["a", "b"]) == [None, None]


def test_committed_model_metadata():
    _, metadata = load_model(DEFAULT_MODEL_PATH)
    assert set(metadata["labels"]) == set(CATEGORIES) | {UNCLASSIFIED}
    assert metadata["extra_file"] is None  # the committed model is the corpus's alone
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
