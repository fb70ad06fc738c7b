"""Embedding tier: all-MiniLM-L6-v2 sentence embeddings + a logistic regression.

The classifier sees normalized templates (see `normalization.py`), so each
distinct template is embedded once; answers are kept in an LRU across requests.
A prediction is accepted only when it passes every gate of the saved
`GatedClassifier` (its class's calibrated threshold, closeness to the training
templates, a script check for text the English-only encoder cannot read) and
the service-wide floor (`BERT_THRESHOLD`); everything else goes on to the LLM.
"""

import contextlib
import json
import logging
import os
import re
import threading
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
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


# Masks that `normalization.normalize` puts in a template: not letters of the line's language.
_MASK = re.compile(r"<[A-Z]+>")


def foreign_script_share(text: str) -> float:
    """Share of the letters of `text` (masks left out) that are not Latin script, 0..1.

    all-MiniLM-L6-v2 was trained on English: on Chinese, Cyrillic, Arabic, ...
    text its vectors say little, so such lines are left to the LLM tier.
    """
    letters = [c for c in _MASK.sub(" ", text) if c.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for c in letters if ord(c) > 0x24F and "LATIN" not in unicodedata.name(c, ""))
    return foreign / len(letters)


@dataclass
class GatedClassifier:
    """A fitted classifier over embedding + lexical features, and the gates its answers pass.

    estimator: fitted, with `predict_proba` and `classes_` (a LogisticRegression) over
        the embedding (n, dim) beside `lexical_weight` x the TF-IDF word features of
        `vectorizer` (fitted on the training templates).
    thresholds: per class, the least top probability accepted; chosen by
        training/train.py for the target precision on held-out template families.
    reference: unit vectors (n, dim) of the training templates (one per template
        family, float16); a line whose cosine similarity to all of them is below
        `min_similarity` is too far from anything the classifier learned.
    max_foreign_share: lines with a larger share of non-Latin letters are refused.
    accepted_labels: labels that may be accepted at all (not the out-of-domain class).
    """

    estimator: object
    vectorizer: object
    lexical_weight: float
    thresholds: dict[str, float]
    reference: np.ndarray
    min_similarity: float
    max_foreign_share: float = 0.1
    accepted_labels: tuple[str, ...] = field(default=EMBEDDING_LABELS)

    @property
    def classes_(self) -> np.ndarray:
        return self.estimator.classes_

    def features(self, vectors: np.ndarray, texts: Sequence[str] | None = None):
        """The estimator's input: embeddings beside weighted TF-IDF features of `texts`.

        Without `texts` (encoder benchmarks) the lexical part is left empty (zeros).
        """
        from scipy import sparse

        lexical = (self.vectorizer.transform(texts) if texts is not None else
                   sparse.csr_matrix((len(vectors), len(self.vectorizer.vocabulary_))))
        return sparse.hstack([sparse.csr_matrix(vectors), self.lexical_weight * lexical]).tocsr()

    def predict_proba(self, vectors: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        """Class probabilities (n, n_classes), columns in `classes_` order."""
        return self.estimator.predict_proba(self.features(vectors, texts))

    def predict(self, vectors: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        """Top class (n,) of each row, gates not applied."""
        return self.classes_[self.predict_proba(vectors, texts).argmax(axis=1)]

    def nearest_similarity(self, vectors: np.ndarray, chunk: int = 2048) -> np.ndarray:
        """Cosine similarity (n,) of each unit vector to its nearest reference vector."""
        reference = self.reference.astype(np.float32)
        parts = [np.max(vectors[i:i + chunk] @ reference.T, axis=1)
                 for i in range(0, len(vectors), chunk)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)

    def decide(self, vectors: np.ndarray, texts: Sequence[str]) -> list[tuple[str, float, bool]]:
        """(top class, its probability, passed every gate) for each vector/text pair."""
        probabilities = self.predict_proba(vectors, texts)
        similarity = self.nearest_similarity(vectors)
        best = probabilities.argmax(axis=1)
        answers = []
        for text, i, row, near in zip(texts, best, probabilities, similarity):
            label, probability = str(self.classes_[i]), float(row[i])
            passed = (label in self.accepted_labels
                      and probability >= self.thresholds.get(label, 1.0)
                      and near >= self.min_similarity
                      and foreign_script_share(text) <= self.max_foreign_share)
            answers.append((label, probability, passed))
        return answers


def metadata_path(model_path: Path) -> Path:
    return Path(model_path).with_suffix(".json")


def library_versions() -> dict[str, str]:
    """Versions of the libraries a saved model depends on."""
    import sentence_transformers
    import torch

    return {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
            "torch_version": torch.__version__,
            "sentence_transformers_version": sentence_transformers.__version__}


def save_model(model_path: Path, classifier: GatedClassifier, metadata: dict) -> None:
    """Write the classifier and, beside it, its metadata (with library versions) as JSON."""
    metadata = {**metadata, **library_versions()}
    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"classifier": classifier, "metadata": metadata}, model_path)
    metadata_path(model_path).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")


def load_model(model_path: Path) -> tuple[GatedClassifier, dict]:
    """The saved classifier and its metadata; warns when library versions differ."""
    bundle = joblib.load(model_path)
    current = library_versions()
    differ = {name: (bundle["metadata"].get(name), version) for name, version in current.items()
              if bundle["metadata"].get(name) != version}
    if differ:
        listed = ", ".join(f"{name.removesuffix('_version')} {saved} (now {now})"
                           for name, (saved, now) in differ.items())
        message = (f"{model_path} was saved with {listed}; predictions may differ: "
                   "retrain with training/train.py")
        warnings.warn(message, ModelVersionWarning, stacklevel=2)
        log.warning(message)
    return bundle["classifier"], bundle["metadata"]


class EmbeddingClassifier:
    """Labels templates with the embedding model and the saved `GatedClassifier`.

    `threshold` is a floor over the classifier's own per-class thresholds.
    """

    def __init__(self, encoder, classifier: GatedClassifier, threshold: float, batch_size: int = 32,
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

    def predict_proba_top(self, texts: Sequence[str]) -> list[tuple[str, float, bool]]:
        """(top class, its probability, passed the classifier's gates) for each text, uncached."""
        if not texts:
            return []
        vectors = encode(self.encoder, texts, self.batch_size, self.precision)
        return self.classifier.decide(vectors, texts)

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

    def _accept(self, label: str, probability: float, passed: bool) -> tuple[str | None, float]:
        sure = passed and probability >= self.threshold
        return (label if sure else None), probability
