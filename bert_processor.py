"""Embedding tier: all-MiniLM-L6-v2 sentence embeddings + a logistic regression.

The classifier sees normalized templates (see `normalization.py`), so each
distinct template is embedded once; answers are kept in an LRU across requests.
A prediction is accepted only when its top probability reaches the threshold
and names one of the embedding tier's categories.
"""

import contextlib
import json
import logging
import os
import re
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

import joblib
import numpy as np
import sklearn
from cachetools import LRUCache

from labels import EMBEDDING_LABELS

log = logging.getLogger(__name__)

# Nothing may be fetched from a model hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class ModelVersionWarning(UserWarning):
    """The saved classifier was written by another scikit-learn version."""


class DeviceError(RuntimeError):
    """EMBEDDING_DEVICE names a device this machine does not have."""


def resolve_device(device: str) -> str:
    """`cpu` or `cuda` for EMBEDDING_DEVICE `auto|cpu|cuda`: `auto` is cuda where torch sees a
    CUDA GPU, else cpu. Raises `DeviceError` for `cuda` on a machine without one."""
    import torch

    available = torch.cuda.is_available()
    if device == "auto":
        return "cuda" if available else "cpu"
    if device == "cuda" and not available:
        raise DeviceError("EMBEDDING_DEVICE=cuda, but torch sees no CUDA GPU here "
                          f"(torch {torch.__version__}, CUDA build: {torch.version.cuda or 'no'}); "
                          "set EMBEDDING_DEVICE=cpu or auto")
    if device not in ("cpu", "cuda"):
        raise DeviceError(f"EMBEDDING_DEVICE must be auto, cpu or cuda; got {device!r}")
    return device


def load_encoder(path: str, device: str = "cpu"):
    """The sentence-transformer at a local folder, never downloading, on `device`
    (`auto|cpu|cuda`, see `resolve_device`); on CUDA its weights are half precision (fp16).
    Raises FileNotFoundError for a missing folder, `DeviceError` for a missing GPU."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    if not Path(path).is_dir():
        raise FileNotFoundError(f"embedding model folder not found: {path}")
    device = resolve_device(device)
    encoder = SentenceTransformer(path, device=device, local_files_only=True)
    return encoder.half() if device == "cuda" else encoder


def native_bf16() -> bool:
    """True when the CPU computes bfloat16 itself (AVX-512 BF16 or AMX), where bf16 pays off."""
    try:
        with open("/proc/cpuinfo") as handle:
            return re.search(r"\b(?:avx512_bf16|amx_bf16)\b", handle.read()) is not None
    except OSError:
        return False


def resolve_precision(precision: str) -> str:
    """`fp32` or `bf16`; `auto` is bf16 where the CPU has it natively."""
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def encode(encoder, texts: Sequence[str], batch_size: int = 32,
           precision: str = "fp32") -> np.ndarray:
    """Unit-length float32 embeddings of `texts`, in batches; `bf16` runs a CPU model under
    autocast (a CUDA model runs in the fp16 its weights were loaded in).

    bf16 changes each vector by far less than the classifier can see (see
    benchmarks/encoder_backends.py) and, unlike int8 dynamic quantization, a
    text's vector does not depend on the other texts in its batch.
    """
    import torch

    on_cpu = encoder.device.type == "cpu"
    autocast = (torch.autocast("cpu", dtype=torch.bfloat16) if precision == "bf16" and on_cpu
                else contextlib.nullcontext())
    with autocast, torch.inference_mode():
        vectors = encoder.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    return vectors.astype(np.float32, copy=False)


def metadata_path(model_path: Path) -> Path:
    return Path(model_path).with_suffix(".json")


def save_model(model_path: Path, classifier, metadata: dict) -> None:
    """Write the classifier and, beside it, its metadata as JSON."""
    metadata = {**metadata, "sklearn_version": sklearn.__version__}
    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"classifier": classifier, "metadata": metadata}, model_path)
    metadata_path(model_path).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")


def load_model(model_path: Path):
    """The saved classifier and its metadata; warns when scikit-learn versions differ."""
    bundle = joblib.load(model_path)
    saved = bundle["metadata"].get("sklearn_version")
    if saved != sklearn.__version__:
        message = (
            f"{model_path} was saved with scikit-learn {saved}, this is {sklearn.__version__}; "
            "predictions may differ: retrain with training/train.py"
        )
        warnings.warn(message, ModelVersionWarning, stacklevel=2)
        log.warning(message)
    return bundle["classifier"], bundle["metadata"]


class EmbeddingClassifier:
    """Labels templates with the embedding model and the saved classifier."""

    def __init__(self, encoder, classifier, threshold: float, batch_size: int = 32,
                 cache_size: int = 100_000, precision: str = "fp32"):
        self.encoder = encoder
        self.classifier = classifier
        self.threshold = threshold
        self.batch_size = batch_size
        self.precision = precision
        self._cache = LRUCache(maxsize=cache_size) if cache_size > 0 else None
        self._lock = threading.Lock()
        self.cache_hits = 0  # since start: distinct templates answered from the cache
        self.cache_lookups = 0  # since start: distinct templates looked up

    @classmethod
    def from_settings(cls, settings) -> "EmbeddingClassifier":
        classifier, _ = load_model(settings.model_path)
        return cls(
            load_encoder(settings.embedding_model_path, settings.embedding_device),
            classifier,
            threshold=settings.bert_threshold,
            batch_size=settings.embedding_batch_size,
            cache_size=settings.embedding_cache_size,
            precision=resolve_precision(settings.embedding_precision),
        )

    @property
    def cache_size(self) -> int:
        """Templates whose answer is remembered right now."""
        return 0 if self._cache is None else len(self._cache)

    def warm_up(self) -> None:
        """Run one inference so the first request does not pay for lazy initialisation."""
        self.predict_proba_top(["service warm-up"])

    def predict_proba_top(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """Top class and its probability for each text, uncached."""
        if not texts:
            return []
        vectors = encode(self.encoder, texts, self.batch_size, self.precision)
        probabilities = self.classifier.predict_proba(vectors)
        best = probabilities.argmax(axis=1)
        classes = self.classifier.classes_
        return [(str(classes[i]), float(p[i])) for i, p in zip(best, probabilities)]

    def predict(self, templates: Sequence[str]) -> list[tuple[str | None, float]]:
        """(label or None when unsure, top probability) for each template.

        Each distinct template not seen before is embedded once, in batches.
        """
        known = {}
        if self._cache is not None:
            with self._lock:
                known = {t: self._cache[t] for t in set(templates) if t in self._cache}
        missing = [t for t in dict.fromkeys(templates) if t not in known]
        with self._lock:
            self.cache_hits += len(known)
            self.cache_lookups += len(known) + len(missing)
        fresh = dict(zip(missing, self.predict_proba_top(missing)))
        if self._cache is not None:
            with self._lock:
                self._cache.update(fresh)
        answers = known | fresh
        return [self._accept(*answers[t]) for t in templates]

    def _accept(self, label: str, probability: float) -> tuple[str | None, float]:
        sure = probability >= self.threshold and label in EMBEDDING_LABELS
        return (label if sure else None), probability
