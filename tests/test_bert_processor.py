"""The embedding tier: precision, batching independence, the template cache."""

import csv
from pathlib import Path

import numpy as np
import pytest

from bert_processor import (
    DeviceError, EmbeddingClassifier, encode, foreign_script_share, load_encoder, resolve_device,
    resolve_precision,
)
from normalization import normalize

HOLDOUT = Path(__file__).resolve().parent.parent / "training" / "holdout" / "paraphrases.csv"
with HOLDOUT.open(encoding="utf-8", newline="") as _handle:
    TEMPLATES = list(dict.fromkeys(normalize(row["log_message"]) for row in csv.DictReader(_handle)))


def test_auto_precision_is_fp32_or_bf16():
    assert resolve_precision("auto") in ("fp32", "bf16")
    assert resolve_precision("fp32") == "fp32" and resolve_precision("bf16") == "bf16"


def test_auto_device_is_the_cpu_without_a_gpu():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    assert resolve_device("auto") == "cpu"
    assert resolve_device("cpu") == "cpu"


def test_cuda_without_a_gpu_says_so():
    import torch

    from settings import Settings

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    with pytest.raises(DeviceError, match="EMBEDDING_DEVICE=cuda.*no CUDA GPU.*EMBEDDING_DEVICE=cpu"):
        load_encoder(Settings().embedding_model_path, "cuda")


def test_the_device_setting_is_checked(monkeypatch):
    from pydantic import ValidationError

    from settings import Settings

    monkeypatch.setenv("EMBEDDING_DEVICE", "gpu")
    with pytest.raises(ValidationError, match="embedding_device"):
        Settings()
    monkeypatch.setenv("EMBEDDING_DEVICE", "cuda")
    assert Settings().embedding_device == "cuda"


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_a_vector_does_not_depend_on_its_batch(embedding, precision):
    texts = TEMPLATES[:60]
    together = encode(embedding.encoder, texts, 32, precision)
    alone = np.vstack([encode(embedding.encoder, [t], 1, precision) for t in texts])
    assert together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-3)
    assert (together * alone).sum(axis=1).min() > 0.999


def test_bf16_labels_as_fp32(embedding):
    def top(precision):
        tier = EmbeddingClassifier(embedding.encoder, embedding.classifier, embedding.threshold,
                                   precision=precision)
        return tier.predict_proba_top(TEMPLATES)

    fp32, bf16 = top("fp32"), top("bf16")
    assert max(abs(a[1] - b[1]) for a, b in zip(fp32, bf16)) < 0.05
    # Top labels may only differ on near ties between two classes (nine classes make them rarer
    # than rare, not impossible); an answer accepted under one precision is the same under the other.
    differ = [(a, b) for a, b in zip(fp32, bf16) if a[0] != b[0]]
    assert len(differ) <= len(TEMPLATES) // 100
    assert all(max(a[1], b[1]) < 0.6 for a, b in differ), differ
    assert all(a[0] == b[0] for a, b in zip(fp32, bf16) if a[2] and b[2])


def test_foreign_script_share():
    assert foreign_script_share("User <NUM> logged in from <IP>") == 0.0
    assert foreign_script_share("Benutzer hat sich angemeldet: Größe überschritten") == 0.0
    assert foreign_script_share("用户 李娜 退出系统") == 1.0
    assert 0.1 < foreign_script_share("[<TS>][worker-<NUM>][INFO ] 任务执行完成 jobId=<NUM>") < 1
    assert foreign_script_share("<NUM> <IP>") == 0.0


@pytest.mark.parametrize("line", [
    "用户 李娜 退出系统",
    "内存使用率已达到 <NUM>%，请检查进程",
    "Пользователь admin вошёл в систему",
    "فشل الاتصال بقاعدة البيانات",
])
def test_other_scripts_go_on_to_the_llm(embedding, line):
    assert embedding.predict([line]) [0][0] is None


def test_gates_are_calibrated_per_class(embedding):
    thresholds = embedding.classifier.thresholds
    assert set(thresholds) == set(embedding.classifier.accepted_labels)
    assert all(0.5 <= value <= 1.01 for value in thresholds.values())
    assert 0 < embedding.classifier.min_similarity < 1


def test_far_from_every_training_template_goes_on(embedding):
    """A vector unlike every reference family fails the similarity gate whatever its class."""
    classifier = embedding.classifier
    vectors = encode(embedding.encoder, ["Kernel panic - not syncing: fatal exception"], 1)
    far = -classifier.reference[:1].astype(np.float32)
    far /= np.linalg.norm(far)
    assert classifier.nearest_similarity(vectors)[0] >= classifier.min_similarity
    assert classifier.nearest_similarity(far)[0] < classifier.min_similarity
    label, _, passed = classifier.decide(far, ["Kernel panic - not syncing: fatal exception"])[0]
    assert not passed


def test_cache_remembers_templates_and_can_be_off(embedding):
    cached = EmbeddingClassifier(embedding.encoder, embedding.classifier, embedding.threshold)
    first = cached.predict(TEMPLATES)
    assert len(cached._cache) == len(TEMPLATES)
    assert cached.predict(TEMPLATES) == first
    off = EmbeddingClassifier(embedding.encoder, embedding.classifier, embedding.threshold, cache_size=0)
    assert off.predict(TEMPLATES) == first and off._cache is None
