"""Sequence anomaly detection: is a session or window of log lines abnormal, and which lines make it so.

Lines are grouped into sequences (a session-id column, the ids a pattern finds
in each line, or windows of consecutive lines). Every line becomes a template
(one injected function, `TEMPLATE`, shared with the classifier's cache and the
patterns); each distinct template is labeled once by the classifier
(`LogClassifier.classify_batch` on its first line) and embedded once. A
sequence is then described by its template counts, its lines' labels and the
mean embedding of its distinct templates, and one of three estimators decides:

- `ZeroShotDetector` (no training data): error-like labels of templates that
  are rare within the batch;
- `BaselineDetector` (`fit` on normal history, no labels): distance to the
  nearest normal sequence, scaled by how far normal sequences lie from each
  other (novelty detection by nearest neighbours);
- `SupervisedDetector` (`fit` with `Normal`/`Anomaly` labels, loghub's
  `anomaly_label.csv`): gradient-boosted trees (scikit-learn).

Evidence is the rows of the templates that drove the score, numbered as in the
upload (1 = the first data row). Command line: `python anomaly_detector.py fit|detect ...`.
"""

import argparse
import csv
import json
import logging
import math
import platform
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import joblib
import numpy as np
import scipy
import sklearn
from scipy import sparse

from command_line import EXIT_OK, ArgumentParser, run_reported
from csv_io import CsvWriter, InputError
from labels import ALL_LABELS, CRITICAL_ERROR, DEPRECATION_WARNING, ERROR, SECURITY_ALERT, WORKFLOW_ERROR
from log_templates import template_key

log = logging.getLogger(__name__)

# The project's one notion of a template: a line in, its template out.
TEMPLATE: Callable[[str], str] = template_key

# How strongly a label says "something went wrong" (zero-shot detector); other labels count 0.
SEVERITY = {
    CRITICAL_ERROR: 1.0,
    ERROR: 0.8,
    WORKFLOW_ERROR: 0.8,
    SECURITY_ALERT: 0.7,
    DEPRECATION_WARNING: 0.3,
}

FORMAT_VERSION = 1  # of the saved detector file
ANOMALY, NORMAL = "Anomaly", "Normal"
EVIDENCE_TEMPLATES = 3  # templates reported per sequence
EVIDENCE_ROWS = 5  # rows reported per template
EMBEDDING_COMPONENTS = 16  # principal components of template embeddings the supervised detector sees


# Groupings -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grouping:
    """How lines form sequences: `column:NAME`, `regex:PATTERN` or `window:N` (with `step`)."""

    kind: str
    value: str
    size: int = 0
    step: int = 0

    @classmethod
    def parse(cls, text: str, step: int | None = None) -> "Grouping":
        """The grouping named by `text`; raises `InputError` naming what is wrong."""
        kind, _, value = (text or "").partition(":")
        if kind not in ("column", "regex", "window") or not value:
            raise InputError(f"unknown grouping {text!r}: use column:NAME, regex:PATTERN or window:N")
        if kind == "regex":
            try:
                re.compile(value)
            except re.error as error:
                raise InputError(f"grouping pattern {value!r} is not a valid regular expression: {error}") from None
        if kind == "window":
            if not value.isdigit() or int(value) < 1:
                raise InputError(f"window size must be a whole number of lines ≥ 1, not {value!r}")
            size = int(value)
            step = size if step is None else step
            if step < 1:
                raise InputError(f"window step must be ≥ 1, not {step}")
            return cls(kind, value, size, step)
        if step is not None:
            raise InputError("step applies only to window:N groupings")
        return cls(kind, value)


# Sequences -------------------------------------------------------------------------------------

@dataclass
class Sequences:
    """Lines grouped into sequences, each line reduced to a template id.

    `rows[i]` and `template_ids[i]` are the upload's row numbers and template
    ids of sequence `ids[i]`; `examples[t]` is the first (source, message) of
    template `templates[t]`. `labels` and `embeddings` (per template) are filled
    by `annotate`.
    """

    ids: list[str]
    rows: list[np.ndarray]
    template_ids: list[np.ndarray]
    templates: list[str]
    examples: list[tuple[str, str]]
    labels: list[str] = field(default_factory=list)
    embeddings: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def counts(self) -> sparse.csr_matrix:
        """Template counts, shape (sequences, templates)."""
        lengths = np.fromiter((len(t) for t in self.template_ids), dtype=np.int64, count=len(self))
        row = np.repeat(np.arange(len(self)), lengths)
        col = np.concatenate(self.template_ids) if len(self) else np.zeros(0, dtype=np.int64)
        matrix = sparse.csr_matrix((np.ones(len(col), dtype=np.float32), (row, col)),
                                   shape=(len(self), len(self.templates)))
        matrix.sum_duplicates()
        return matrix

    def label_counts(self) -> list[dict[str, int]]:
        """Rows per label for each sequence (labels must be annotated)."""
        label_of = np.array([ALL_LABELS.index(label) for label in self.labels], dtype=np.int64)
        answer = []
        for ids in self.template_ids:
            per = np.bincount(label_of[ids], minlength=len(ALL_LABELS))
            answer.append({ALL_LABELS[i]: int(n) for i, n in enumerate(per) if n})
        return answer


class SequenceCollector:
    """Streams rows into sequences under a grouping; `finish()` gives the `Sequences`."""

    def __init__(self, grouping: Grouping, template: Callable[[str], str] = TEMPLATE):
        self.grouping = grouping
        self.template = template
        self._pattern = re.compile(grouping.value) if grouping.kind == "regex" else None
        self._rows: dict[str, list[int]] = {}
        self._templates_of: dict[str, list[int]] = {}
        self._template_index: dict[str, int] = {}
        self._message_template: dict[str, int] = {}
        self._examples: list[tuple[str, str]] = []
        self.lines = 0

    def add(self, row: int, source: str, message: str, key: str | None = None) -> None:
        """One line: its row number in the upload, source, message and (column grouping) id."""
        self.lines += 1
        ids = self._ids(row, message, key)
        if not ids:
            return
        template_id = self._message_template.get(message)
        if template_id is None:
            template = self.template(message)
            template_id = self._template_index.setdefault(template, len(self._template_index))
            if template_id == len(self._examples):
                self._examples.append((source, message))
            if len(self._message_template) < 1_000_000:
                self._message_template[message] = template_id
        for sequence_id in ids:
            self._rows.setdefault(sequence_id, []).append(row)
            self._templates_of.setdefault(sequence_id, []).append(template_id)

    def _ids(self, row: int, message: str, key: str | None) -> Sequence[str]:
        kind = self.grouping.kind
        if kind == "column":
            return (key,) if key else ()
        if kind == "regex":
            return tuple(dict.fromkeys(m.group() for m in self._pattern.finditer(message) if m.group()))
        size, step = self.grouping.size, self.grouping.step
        index = self.lines - 1
        first = max(0, -(-(index - size + 1) // step))
        return tuple(str(k) for k in range(first, index // step + 1))

    def finish(self) -> Sequences:
        """The sequences in first-seen order; raises `InputError` when the grouping found none."""
        if not self._rows:
            raise InputError(self._nothing_grouped())
        ids = list(self._rows)
        rows = [np.asarray(self._rows[i], dtype=np.int64) for i in ids]
        if self.grouping.kind == "window":
            ids = [f"rows {r[0]}-{r[-1]}" for r in rows]
        return Sequences(
            ids=ids,
            rows=rows,
            template_ids=[np.asarray(self._templates_of[i], dtype=np.int64) for i in self._rows],
            templates=list(self._template_index),
            examples=self._examples,
        )

    def _nothing_grouped(self) -> str:
        if self.lines == 0:
            return "the input has no log lines"
        if self.grouping.kind == "regex":
            return f"the grouping pattern {self.grouping.value!r} matches none of the {self.lines} lines"
        return f"column {self.grouping.value!r} is empty in all {self.lines} rows"


def collect(logs: Iterable[tuple[int, str, str, str | None]], grouping: Grouping,
            template: Callable[[str], str] = TEMPLATE) -> Sequences:
    """Sequences from (row, source, message, key) tuples; `key` is read by column groupings only."""
    collector = SequenceCollector(grouping, template)
    for row, source, message, key in logs:
        collector.add(row, source, message, key)
    return collector.finish()


def from_json(sequences: Sequence[tuple[str, Sequence[str]]],
              template: Callable[[str], str] = TEMPLATE) -> Sequences:
    """Sequences given whole as (id, lines); rows are numbered across them, from 1, in order sent."""
    collector = SequenceCollector(Grouping("column", "id"), template)
    row = 0
    for sequence_id, lines in sequences:
        for message in lines:
            row += 1
            collector.add(row, "", message, str(sequence_id))
    return collector.finish()


def annotate(sequences: Sequences, classifier, embeddings: bool = True) -> Sequences:
    """Label each template (the classifier on its first line) and, when `embeddings`, embed it
    (unit vectors; only the supervised detector reads them, and they are most of the time here)."""
    from bert_processor import encode

    sources = [source for source, _ in sequences.examples]
    messages = [message for _, message in sequences.examples]
    sequences.labels = [result.label for result in classifier.classify_batch(sources, messages)]
    if not embeddings:
        return sequences
    embedding = classifier.embedding
    sequences.embeddings = encode(embedding.encoder, sequences.templates, embedding.batch_size,
                                  embedding.precision)
    return sequences


# Results ---------------------------------------------------------------------------------------

@dataclass
class Evidence:
    """A template that drove a score: its rows in the sequence, how often it occurs and how often
    the nearest normal sequence has it (`expected`, fitted detectors only), and its weight."""

    template: str
    rows: list[int]
    count: int
    weight: float
    expected: int | None = None

    def as_dict(self) -> dict:
        return {"template": self.template, "rows": self.rows, "count": self.count,
                "expected": self.expected, "weight": round(self.weight, 4)}


@dataclass
class SequenceResult:
    sequence_id: str
    anomaly: bool
    score: float
    lines: int
    labels: dict[str, int]
    evidence: list[Evidence]

    def as_dict(self) -> dict:
        return {"sequence_id": self.sequence_id, "anomaly": self.anomaly, "score": self.score,
                "lines": self.lines, "labels": self.labels,
                "evidence": [e.as_dict() for e in self.evidence]}


def _results(sequences: Sequences, scores: np.ndarray, threshold: float,
             weights: sparse.csr_matrix, expected: np.ndarray | None = None) -> list[SequenceResult]:
    """Results from per-sequence scores and per-(sequence, template) evidence weights."""
    labels = sequences.label_counts()
    results = []
    for i, sequence_id in enumerate(sequences.ids):
        start, end = weights.indptr[i], weights.indptr[i + 1]
        columns, values = weights.indices[start:end], weights.data[start:end]
        order = np.argsort(-values, kind="stable")[:EVIDENCE_TEMPLATES]
        evidence = []
        template_ids, rows = sequences.template_ids[i], sequences.rows[i]
        for j in order:
            if values[j] <= 0:
                break
            t = columns[j]
            at = rows[template_ids == t]
            evidence.append(Evidence(
                template=sequences.templates[t], rows=at[:EVIDENCE_ROWS].tolist(), count=len(at),
                weight=float(values[j]),
                expected=None if expected is None else int(expected[i, t]),
            ))
        score = float(scores[i])
        results.append(SequenceResult(sequence_id, bool(score >= threshold), round(score, 4),
                                      len(rows), labels[i], evidence))
    return results


# Features --------------------------------------------------------------------------------------

class Features:
    """Per-sequence features over the templates of the sequences it is fit on.

    Columns: log(1 + count) per known template, log(1 + count of unseen
    templates), the fraction of lines per label, and the mean embedding of the
    sequence's distinct templates, projected on the first `EMBEDDING_COMPONENTS`
    principal components of the known templates' embeddings (384 raw dimensions
    made gradient boosting several times slower to fit for no gain on HDFS).
    """

    def __init__(self, sequences: Sequences):
        used = np.unique(np.concatenate(sequences.template_ids))
        self.vocabulary = [sequences.templates[t] for t in used]
        self._index = {t: i for i, t in enumerate(self.vocabulary)}
        self.projection = None
        if sequences.embeddings is not None and len(used) >= 2:
            from sklearn.decomposition import PCA

            components = min(EMBEDDING_COMPONENTS, len(used) - 1)
            self.projection = PCA(components, random_state=0).fit(sequences.embeddings[used])

    def counts(self, sequences: Sequences) -> sparse.csr_matrix:
        """Counts over the vocabulary plus one last column for unseen templates."""
        unseen = len(self.vocabulary)
        mapping = np.array([self._index.get(t, unseen) for t in sequences.templates], dtype=np.int64)
        counts = sequences.counts().tocoo()
        matrix = sparse.csr_matrix((counts.data, (counts.row, mapping[counts.col])),
                                   shape=(len(sequences), unseen + 1))
        matrix.sum_duplicates()
        return matrix

    def transform(self, sequences: Sequences) -> np.ndarray:
        counts = sequences.counts()
        lines = np.maximum(np.asarray(counts.sum(axis=1)).ravel(), 1)
        label_of = np.array([ALL_LABELS.index(label) for label in sequences.labels], dtype=np.int64)
        to_label = sparse.csr_matrix((np.ones(len(label_of)), (np.arange(len(label_of)), label_of)),
                                     shape=(len(label_of), len(ALL_LABELS)))
        label_share = (counts @ to_label).toarray() / lines[:, None]
        projected = np.zeros((len(sequences), 0))
        if self.projection is not None:
            present = (counts > 0).astype(np.float32)
            distinct = np.maximum(np.asarray(present.sum(axis=1)).ravel(), 1)
            projected = self.projection.transform((present @ sequences.embeddings) / distinct[:, None])
        own = np.log1p(self.counts(sequences).toarray())
        return np.hstack([own, label_share, projected]).astype(np.float32)


class _NearestNormal:
    """The distinct normal count vectors seen in fit, to find each sequence's nearest one.

    Vectors are compared as log(1 + count) × the template's inverse document frequency among the
    normal sequences, 1 + log((n + 1) / (sequences with it + 1)) (unseen templates: the largest),
    so a template rare in normal history weighs more than a common one occurring once more.
    """

    def fit(self, counts: np.ndarray) -> "_NearestNormal":
        from sklearn.neighbors import NearestNeighbors

        frequency = (counts > 0).sum(axis=0)
        self.weights = 1 + np.log((len(counts) + 1) / (frequency + 1))
        self.weights[-1] = self.weights.max()
        self.vectors, inverse, multiplicity = np.unique(counts, axis=0, return_inverse=True,
                                                        return_counts=True)
        self.index = NearestNeighbors(n_neighbors=1).fit(self._space(self.vectors))
        self.inverse, self.multiplicity = inverse.ravel(), multiplicity
        return self

    def _space(self, counts: np.ndarray) -> np.ndarray:
        return np.log1p(counts) * self.weights

    def leave_one_out(self) -> np.ndarray:
        """Per fitted sequence, the distance to the nearest other one (0 when it has a duplicate)."""
        if len(self.vectors) < 2:
            return np.zeros(len(self.inverse))
        distance, _ = self.index.kneighbors(self._space(self.vectors), n_neighbors=2)
        return np.where(self.multiplicity[self.inverse] > 1, 0.0, distance[self.inverse, 1])

    def query(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distance to the nearest normal vector, and that vector."""
        distance, nearest = self.index.kneighbors(self._space(counts), n_neighbors=1)
        return distance.ravel(), self.vectors[nearest.ravel()]

    def difference_weights(self, counts: np.ndarray, nearest: np.ndarray) -> sparse.csr_matrix:
        """Per template present in a sequence: its part of the distance to the nearest normal one."""
        weight = np.abs(self._space(counts) - self._space(nearest))
        return sparse.csr_matrix(np.where(counts > 0, weight, 0.0))


# Detectors -------------------------------------------------------------------------------------

class ZeroShotDetector:
    """Scores a batch on its own: a template's score is the geometric mean of its label's severity
    (`SEVERITY`) and its rarity in the batch, 1 − log(1 + sequences with it) / log(1 + sequences),
    so only templates both error-like and rare score high; a sequence scores its highest template.
    Rarity needs at least `min_batch` sequences; in a smaller batch it is 1 and labels alone decide. The geometric mean beat
    the arithmetic one on HDFS (benchmarks/anomaly_hdfs.py, seeds 0-1: F1 0.67 vs 0.12), where
    common warnings the classifier labels Error sit in most normal blocks."""

    name = "zero-shot"
    uses_embeddings = False

    def __init__(self, threshold: float = 0.5, min_batch: int = 10):
        self.threshold = threshold
        self.min_batch = min_batch

    def fit(self, sequences: Sequences | None = None, y=None) -> "ZeroShotDetector":
        return self

    def template_scores(self, sequences: Sequences) -> tuple[sparse.csr_matrix, np.ndarray]:
        counts = sequences.counts()
        present = (counts > 0).astype(np.float32).tocsr()
        n = len(sequences)
        frequency = np.asarray(present.sum(axis=0)).ravel()
        rarity = (1 - np.log1p(frequency) / math.log1p(n)) if n >= self.min_batch else np.ones_like(frequency)
        severity = np.array([SEVERITY.get(label, 0.0) for label in sequences.labels])
        per_template = np.sqrt(severity * rarity)
        return present.multiply(per_template).tocsr(), per_template

    def predict(self, sequences: Sequences) -> list[SequenceResult]:
        weights, _ = self.template_scores(sequences)
        scores = weights.max(axis=1).toarray().ravel() if weights.shape[1] else np.zeros(len(sequences))
        return _results(sequences, scores, self.threshold, weights)


class BaselineDetector:
    """Novelty detection on normal history: a sequence's distance d to the nearest normal sequence
    seen in fit (see `_NearestNormal`), against `scale`, the `quantile` of the fitted sequences'
    own leave-one-out distances: score = d / (d + scale), 0.5 at the scale. The default quantile,
    0.999, takes about 1 normal sequence in 1,000 to be unusual; it was chosen on seeds 0-2 of
    benchmarks/anomaly_hdfs.py (HDFS), where 0.99 and 0.995 flagged too many normal blocks."""

    name = "baseline"
    uses_embeddings = False

    def __init__(self, quantile: float = 0.999, threshold: float = 0.5):
        self.quantile = quantile
        self.threshold = threshold

    def fit(self, sequences: Sequences, y=None) -> "BaselineDetector":
        """Fit on sequences taken as normal (no labels)."""
        self.features_ = Features(sequences)
        counts = self.features_.counts(sequences).toarray()
        self.normal_ = _NearestNormal().fit(counts)
        self.scale_ = float(max(np.quantile(self.normal_.leave_one_out(), self.quantile), 0.1))
        self.figures_ = {"sequences": len(sequences), "distinct_normal_vectors": len(self.normal_.vectors),
                         "templates": len(self.features_.vocabulary), "scale": round(self.scale_, 4)}
        return self

    def predict(self, sequences: Sequences) -> list[SequenceResult]:
        counts = self.features_.counts(sequences).toarray()
        distance, nearest = self.normal_.query(counts)
        scores = distance / (distance + self.scale_)
        return _results(sequences, scores, self.threshold, self._weights(sequences, counts, nearest),
                        self._expected(sequences, nearest))

    def _weights(self, sequences: Sequences, counts: np.ndarray, nearest: np.ndarray) -> sparse.csr_matrix:
        """Evidence weights per (sequence, template of the batch)."""
        per_column = self.normal_.difference_weights(counts, nearest)
        return self._to_batch(sequences, per_column)

    def _column_of(self, sequences: Sequences) -> np.ndarray:
        unseen = len(self.features_.vocabulary)
        return np.array([self.features_._index.get(t, unseen) for t in sequences.templates], dtype=np.int64)

    def _to_batch(self, sequences: Sequences, per_column: sparse.csr_matrix) -> sparse.csr_matrix:
        present = (sequences.counts() > 0).astype(np.float32).tocsr()
        values = per_column.toarray()[present.nonzero()[0], self._column_of(sequences)[present.nonzero()[1]]]
        return sparse.csr_matrix((values, present.nonzero()), shape=present.shape)

    def _expected(self, sequences: Sequences, nearest: np.ndarray) -> np.ndarray:
        """Count of each batch template in each sequence's nearest normal sequence (0 if unseen)."""
        padded = np.hstack([nearest[:, :-1], np.zeros((len(nearest), 1))])
        return padded[:, self._column_of(sequences)]


class SupervisedDetector(BaselineDetector):
    """Gradient-boosted trees (scikit-learn `HistGradientBoostingClassifier`) on the features,
    fit with Normal/Anomaly labels; score = the predicted probability of Anomaly. Evidence, as for
    the baseline, is what differs from the nearest normal training sequence."""

    name = "supervised"
    uses_embeddings = True

    def __init__(self, threshold: float = 0.5, random_state: int = 0):
        self.threshold = threshold
        self.random_state = random_state

    def fit(self, sequences: Sequences, y: Sequence[bool]) -> "SupervisedDetector":
        """`y[i]` is True when sequence i is an anomaly; both classes must occur."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        y = np.asarray(y, dtype=bool)
        if y.all() or not y.any():
            raise InputError("the labels name only one class: supervised fit needs both Normal and Anomaly")
        self.features_ = Features(sequences)
        # scikit-learn's default leaf size (20) unless the rarer class is too small to fill leaves.
        leaf = min(20, max(2, int(min(y.sum(), (~y).sum())) // 4))
        self.model_ = HistGradientBoostingClassifier(min_samples_leaf=leaf, random_state=self.random_state)
        self.model_.fit(self.features_.transform(sequences), y)
        counts = self.features_.counts(sequences).toarray()
        self.normal_ = _NearestNormal().fit(counts[~y])
        self.figures_ = {"sequences": len(sequences), "anomalies": int(y.sum()),
                         "templates": len(self.features_.vocabulary)}
        return self

    def predict(self, sequences: Sequences) -> list[SequenceResult]:
        scores = self.model_.predict_proba(self.features_.transform(sequences))[:, 1]
        counts = self.features_.counts(sequences).toarray()
        _, nearest = self.normal_.query(counts)
        return _results(sequences, scores, self.threshold, self._weights(sequences, counts, nearest),
                        self._expected(sequences, nearest))


DETECTORS = {d.name: d for d in (ZeroShotDetector, BaselineDetector, SupervisedDetector)}


# Saved detectors -------------------------------------------------------------------------------

class DetectorVersionError(InputError):
    """The saved detector was written by another version of the code or its libraries."""


def _versions() -> dict[str, str]:
    return {"format": str(FORMAT_VERSION), "python": platform.python_version(),
            "scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
            "template": f"{TEMPLATE.__module__}.{TEMPLATE.__qualname__}"}


def metadata_path(path: Path) -> Path:
    return Path(path).with_suffix(".json")


def save_detector(detector, path: Path, figures: dict | None = None) -> dict:
    """Write a fitted detector (joblib) and, beside it, JSON metadata: kind, versions, figures."""
    metadata = {"detector": detector.name, "versions": _versions(),
                "figures": {**getattr(detector, "figures_", {}), **(figures or {})}}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"detector": detector, "metadata": metadata}, path)
    metadata_path(path).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    return metadata


def load_detector(path: Path):
    """The detector saved at `path`; raises `InputError` when it is missing or unreadable and
    `DetectorVersionError` when it was saved under other versions (python's micro version aside)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no detector at {path}: save one with `anomaly_detector.py fit ... -o {path}`")
    try:
        metadata = json.loads(metadata_path(path).read_text())
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the detector's metadata {metadata_path(path)}: {error}") from None
    saved, current = metadata.get("versions", {}), _versions()
    differ = [f"{name} {saved.get(name)} (this is {value})" for name, value in current.items()
              if name != "python" and saved.get(name) != value]
    if differ:
        raise DetectorVersionError(f"the detector {path} was saved by another version: "
                                   + ", ".join(differ) + "; fit it again with anomaly_detector.py fit")
    try:
        bundle = joblib.load(path)
    except Exception as error:
        raise InputError(f"cannot load the detector {path}: {type(error).__name__}: {error}") from None
    return bundle["detector"]


# Inputs ----------------------------------------------------------------------------------------

def read_labels(text: TextIO) -> dict[str, bool]:
    """Sequence id → is anomaly, from `ID,Label` rows (header optional; Normal/Anomaly, any case)."""
    answer: dict[str, bool] = {}
    reader = csv.reader(text)
    try:
        for number, row in enumerate(reader, start=1):
            if not row:
                continue
            if len(row) < 2:
                raise InputError(f"labels file line {number}: expected ID,Label, got {row!r}")
            value = row[1].strip().lower()
            if value in ("normal", "anomaly"):
                answer[row[0].strip()] = value == "anomaly"
            elif not (number == 1 and value == "label"):
                raise InputError(f"labels file line {number}: label {row[1]!r} is neither Normal nor Anomaly")
    except csv.Error as error:
        raise InputError(f"labels file: malformed CSV at line {reader.line_num}: {error}") from None
    if not answer:
        raise InputError("the labels file has no ID,Label rows")
    return answer


def align_labels(sequences: Sequences, labels: dict[str, bool]) -> tuple[Sequences, np.ndarray]:
    """The labeled sequences and their labels; raises `InputError` when no sequence is labeled."""
    keep = [i for i, sequence_id in enumerate(sequences.ids) if sequence_id in labels]
    if not keep:
        raise InputError(f"the labels file names none of the input's {len(sequences)} sequences "
                         f"(first input ids: {', '.join(sequences.ids[:3])})")
    subset = subset_of(sequences, keep)
    return subset, np.array([labels[i] for i in subset.ids])


def subset_of(sequences: Sequences, keep: Sequence[int]) -> Sequences:
    """The sequences at positions `keep`, sharing templates, labels and embeddings."""
    return Sequences([sequences.ids[i] for i in keep], [sequences.rows[i] for i in keep],
                     [sequences.template_ids[i] for i in keep], sequences.templates,
                     sequences.examples, sequences.labels, sequences.embeddings)


def read_rows(binary: BinaryIO, grouping: Grouping, raw: bool = False, max_rows: int | None = None,
              encoding: str | None = None, delimiter: str | None = None,
              ) -> Iterator[tuple[int, str, str, str | None]]:
    """(row, source, message, key) per line of a CSV (column `log_message`, optional `source`, the
    grouping's column; read by `csv_io.open_csv`, so encodings and delimiters as for /classify/) or,
    `raw`, of a text file with one message per line. Raises `InputError`."""
    from csv_io import RowLimitError, column_key, open_csv
    from text_lines import TextLines, UndecodableLine, UnknownEncoding

    if raw:
        if grouping.kind == "column":
            raise InputError("a raw log file has no columns: group it with regex:PATTERN or window:N")
        try:
            for number, line in enumerate(TextLines(binary, encoding), start=1):
                if max_rows is not None and number > max_rows:
                    raise RowLimitError(f"the file has more than {max_rows} lines, the limit (MAX_ROWS)")
                line = line.rstrip("\r\n")
                if line.strip():
                    yield number, "", line, None
        except UnknownEncoding as error:
            raise InputError(str(error)) from None
        except UndecodableLine as error:
            raise InputError(f"the file is not {error.encoding} text: line {error.line} cannot be decoded; "
                             "save it as UTF-8 or name its encoding") from None
        return
    reader = open_csv(binary, encoding=encoding, delimiter=delimiter, required=("log_message",), added=())
    key_index = None
    if grouping.kind == "column":
        keys = [column_key(name) for name in reader.header]
        if column_key(grouping.value) not in keys:
            raise InputError(f"unknown column {grouping.value!r} in grouping column:{grouping.value}; "
                             f"the header has: {', '.join(reader.header)}")
        key_index = keys.index(column_key(grouping.value))
    number = 0
    for chunk in reader.chunks(10_000, max_rows):
        for row in chunk:
            number += 1
            source = row[reader.source_index] if reader.source_index is not None else ""
            yield number, source, row[reader.message_index], None if key_index is None else row[key_index]


RESULT_COLUMNS = ("sequence_id", "anomaly", "score", "lines", "detector", "labels",
                  "evidence_rows", "evidence_templates")


def write_results(results: Sequence[SequenceResult], detector: str, target: TextIO) -> None:
    """CSV: one row per sequence; anomaly as true/false, labels as JSON, evidence rows space-separated
    (strongest evidence first) and evidence templates as a JSON list."""
    writer = CsvWriter(target)
    writer.writerow(list(RESULT_COLUMNS))
    for r in results:
        rows = dict.fromkeys(row for e in r.evidence for row in e.rows)  # strongest evidence first
        writer.writerow([r.sequence_id, "true" if r.anomaly else "false", str(r.score), str(r.lines),
                         detector, json.dumps(r.labels, separators=(",", ":")),
                         " ".join(map(str, rows)), json.dumps([e.template for e in r.evidence])])


# Command line ----------------------------------------------------------------------------------

def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(prog="anomaly_detector.py",
                             description="Find abnormal sessions or windows of log lines.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("fit", "fit a detector: baseline on normal history, or supervised with --labels"),
                       ("detect", "score each sequence; writes sequence_id,anomaly,score,... as CSV")):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("input", help="CSV with a log_message column (source optional), "
                             "a raw log with --raw, or - for standard input")
        command.add_argument("--group-by", required=True,
                             help="column:NAME (session id column), regex:PATTERN (ids found in each "
                             "line, e.g. 'regex:blk_-?\\d+'), or window:N (N consecutive lines)")
        command.add_argument("--step", type=int, help="lines between window starts (default N)")
        command.add_argument("--raw", action="store_true", help="input is one log message per line")
        command.add_argument("-o", "--output", required=True,
                             help="the detector file to write" if name == "fit" else "the CSV to write, or -")
        command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
        if name == "fit":
            command.add_argument("--labels", help="ID,Label CSV (Normal/Anomaly): fit the supervised "
                                 "detector; without it the baseline is fit on all input as normal")
        else:
            command.add_argument("--model", help="a fitted detector; default DETECTOR_PATH, "
                                 "or the zero-shot detector when that is not set")
    return parser.parse_args(argv)


def _read_sequences(args, template: Callable[[str], str] = TEMPLATE) -> Sequences:
    from tqdm import tqdm

    from settings import Settings

    grouping = Grouping.parse(args.group_by, args.step)
    try:
        binary = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")
    except OSError as error:
        raise InputError(f"cannot read {args.input}: {error.strerror}") from None
    collector = SequenceCollector(grouping, template)
    quiet = args.quiet or not sys.stderr.isatty()
    with binary, tqdm(unit=" lines", disable=quiet, file=sys.stderr, desc="reading") as bar:
        for row, source, message, key in read_rows(binary, grouping, args.raw, Settings().max_rows):
            collector.add(row, source, message, key)
            bar.update()
    return collector.finish()


def _run(args) -> str:
    from classify import default_classifier
    from settings import Settings

    labels = None
    if args.command == "fit" and args.labels:
        try:
            with open(args.labels, encoding="utf-8-sig", newline="") as text:
                labels = read_labels(text)
        except OSError as error:
            raise InputError(f"cannot read {args.labels}: {error.strerror}") from None
    if args.command == "detect":
        path = args.model or Settings().detector_path
        detector = load_detector(path) if path else ZeroShotDetector()
    started = time.perf_counter()
    sequences = _read_sequences(args)
    needs = labels is not None if args.command == "fit" else detector.uses_embeddings
    annotate(sequences, default_classifier(), embeddings=needs)
    if args.command == "fit":
        if labels is None:
            detector = BaselineDetector().fit(sequences)
        else:
            sequences, y = align_labels(sequences, labels)
            detector = SupervisedDetector().fit(sequences, y)
        save_detector(detector, Path(args.output), {"fit_seconds": round(time.perf_counter() - started, 2)})
        return f"{detector.name} detector fit on {len(sequences)} sequences, saved to {args.output}"
    results = detector.predict(sequences)
    if args.output == "-":
        write_results(results, detector.name, sys.stdout)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as target:
            write_results(results, detector.name, target)
    flagged = sum(r.anomaly for r in results)
    return f"{detector.name} detector: {flagged} of {len(results)} sequences anomalous"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    message, code = run_reported("anomaly_detector.py", lambda: _run(args))
    if code != EXIT_OK:
        return code
    if not args.quiet:
        print(f"anomaly_detector.py: {message}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
