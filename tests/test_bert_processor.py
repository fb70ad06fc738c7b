"""The embedding tier: precision, batching independence, the template cache."""

import csv
from pathlib import Path

import numpy as np
import pytest

from bert_processor import (
    DeviceError, EmbeddingClassifier, encode, load_encoder, resolve_device, resolve_precision,
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
    assert [label for label, _ in bf16] == [label for label, _ in fp32]
    assert max(abs(a - b) for (_, a), (_, b) in zip(fp32, bf16)) < 0.05


def test_cache_remembers_templates_and_can_be_off(embedding):
    cached = EmbeddingClassifier(embedding.encoder, embedding.classifier, embedding.threshold)
    first = cached.predict(TEMPLATES)
    assert len(cached._cache) == len(TEMPLATES)
    assert cached.predict(TEMPLATES) == first
    off = EmbeddingClassifier(embedding.encoder, embedding.classifier, embedding.threshold, cache_size=0)
    assert off.predict(TEMPLATES) == first and off._cache is None
