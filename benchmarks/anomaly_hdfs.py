"""Sequence anomaly detection on HDFS (LogLLM protocol) and BGL windows, with speed.

HDFS (`../shared/eval/anomaly/hdfs_2pct/`): session = block id (every id a line
names); random 80/20 split by block, 5 seeds; anomalous = positive. For each
seed: zero-shot (scores the test split alone), baseline (fit on the training
split's normal blocks only, no labels) and supervised (fit on the training
split with labels). Precision, recall and F1 are over the 5 seeds' test blocks
pooled, with a bootstrap 95 % interval of F1 (1,000 resamples of those blocks);
"dedup" drops test blocks whose template-count vector also occurs in the
training split. The data stay in ../shared: every detector here is fit inside
this run and discarded.

Speed (seed 0): fit = lines → templates → labels → detector on the training
split's lines; end to end = the test split's lines → results, scoring = the
detector's `predict` on sequences already reduced to templates; in sequences/s
of wall time and per CPU-second of this process (the machine is shared: wall
time depends on its load), against the 1,000 sequences/s goal and the BERT+MoE
project's 28.6 ms/sequence.

BGL_2k (smoke test): the first field of each line is its alert label ("-" is
normal) and is cut off before detection; windows of 20 lines, a window is
anomalous when any line is an alert; the same three detectors and split.

    nice python benchmarks/anomaly_hdfs.py [--seeds 5] [--json]
"""

import argparse
import gzip
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO_ROOT, load_average, report  # noqa: E402

DATA = REPO_ROOT.parent / "shared" / "eval" / "anomaly"
HDFS_LOG = DATA / "hdfs_2pct" / "HDFS_2pct.log.gz"
HDFS_LABELS = DATA / "hdfs_2pct" / "anomaly_label_2pct.csv"
BGL_LOG = DATA / "bgl_2k" / "BGL_2k.log"
BLOCK_PATTERN = r"blk_-?\d+"
GOAL_SEQUENCES_PER_S = 1000
BERT_MOE_MS_PER_SEQUENCE = 28.6  # the BERT+MoE project's reported figure


def prf(y: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(y, predicted, average="binary", zero_division=0)
    return float(p), float(r), float(f)


def bootstrap_f1(y: np.ndarray, predicted: np.ndarray, resamples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95 % percentile interval of F1 over resamples of the scored sequences."""
    rng = np.random.default_rng(seed)
    n = len(y)
    scores = []
    for _ in range(resamples):
        pick = rng.integers(0, n, n)
        tp = np.sum(y[pick] & predicted[pick])
        fp = np.sum(~y[pick] & predicted[pick])
        fn = np.sum(y[pick] & ~predicted[pick])
        scores.append(2 * tp / max(2 * tp + fp + fn, 1))
    return float(np.quantile(scores, 0.025)), float(np.quantile(scores, 0.975))


def classifier():
    from classify import LogClassifier
    from settings import Settings

    return LogClassifier.from_settings(Settings(_env_file=None, groq_api_key=None))


def evaluate(sequences, y: np.ndarray, seeds: int) -> dict:
    """Pooled P/R/F1 (+ interval) per detector, full and deduplicated test splits."""
    from anomaly_detector import BaselineDetector, SupervisedDetector, ZeroShotDetector, subset_of

    counts = sequences.counts().toarray()
    pooled: dict[str, list] = {}
    for seed in range(seeds):
        order = np.random.default_rng(seed).permutation(len(sequences))
        cut = int(0.8 * len(order))
        train, test = np.sort(order[:cut]), np.sort(order[cut:])
        train_set, test_set = subset_of(sequences, train), subset_of(sequences, test)
        seen = {row.tobytes() for row in counts[train]}
        novel = np.array([counts[i].tobytes() not in seen for i in test])
        normal_train = subset_of(sequences, train[~y[train]])
        detectors = {
            "zero-shot": ZeroShotDetector(),
            "baseline": BaselineDetector().fit(normal_train),
            "supervised": SupervisedDetector().fit(train_set, y[train]),
        }
        for name, detector in detectors.items():
            predicted = np.array([r.anomaly for r in detector.predict(test_set)])
            for split, keep in (("all", np.ones(len(test), bool)), ("dedup", novel)):
                entry = pooled.setdefault((name, split), [[], [], []])
                entry[0].append(y[test][keep])
                entry[1].append(predicted[keep])
                entry[2].append(prf(y[test][keep], predicted[keep])[2])
    figures = {}
    for (name, split), (ys, ps, per_seed) in pooled.items():
        y_all, p_all = np.concatenate(ys), np.concatenate(ps)
        p, r, f = prf(y_all, p_all)
        low, high = bootstrap_f1(y_all, p_all)
        figures[f"{name}/{split}"] = {
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "f1_95": [round(low, 4), round(high, 4)], "f1_per_seed": [round(v, 4) for v in per_seed],
            "test_sequences": int(len(y_all)), "test_anomalies": int(y_all.sum()),
        }
    return figures


def hdfs(seeds: int, model) -> tuple[dict, dict]:
    from anomaly_detector import Grouping, SequenceCollector, annotate, read_labels

    with open(HDFS_LABELS, encoding="utf-8", newline="") as text:
        labels = read_labels(text)
    with gzip.open(HDFS_LOG, "rt", encoding="utf-8") as text:
        lines = text.read().splitlines()
    grouping = Grouping.parse(f"regex:{BLOCK_PATTERN}")

    started = time.perf_counter()
    collector = SequenceCollector(grouping)
    for number, line in enumerate(lines, start=1):
        collector.add(number, "", line)
    sequences = annotate(collector.finish(), model)
    prepare_s = time.perf_counter() - started
    y = np.array([labels[i] for i in sequences.ids])
    figures = evaluate(sequences, y, seeds)
    speed = hdfs_speed(lines, labels, model)
    speed["prepare_all_lines_s"] = round(prepare_s, 2)
    figures["blocks"] = len(sequences)
    figures["anomalous_blocks"] = int(y.sum())
    figures["templates"] = len(sequences.templates)
    return figures, speed


def hdfs_speed(lines: list[str], labels: dict[str, bool], model) -> dict:
    """Seed 0: fit on the training split's lines, score the test split's lines, end to end."""
    import re

    from anomaly_detector import (BaselineDetector, Grouping, SequenceCollector, SupervisedDetector,
                                  align_labels, annotate)

    ids = sorted(labels)
    order = np.random.default_rng(0).permutation(len(ids))
    cut = int(0.8 * len(ids))
    train_ids = {ids[i] for i in order[:cut]}
    pattern = re.compile(BLOCK_PATTERN)
    in_train = [any(m in train_ids for m in pattern.findall(line)) for line in lines]
    grouping = Grouping.parse(f"regex:{BLOCK_PATTERN}")

    def sequences_of(selected: list[str], embeddings: bool = True):
        collector = SequenceCollector(grouping)
        for number, line in enumerate(selected, start=1):
            collector.add(number, "", line)
        return annotate(collector.finish(), model, embeddings)

    def restrict(sequences, wanted):
        from anomaly_detector import subset_of

        return subset_of(sequences, [i for i, s in enumerate(sequences.ids) if s in wanted])

    train_lines = [line for line, t in zip(lines, in_train) if t]
    started, cpu = time.perf_counter(), time.process_time()
    train = restrict(sequences_of(train_lines), train_ids)
    supervised = SupervisedDetector().fit(*align_labels(train, labels))
    fit_supervised_s, fit_supervised_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    train = restrict(sequences_of(train_lines, embeddings=False), train_ids)
    normal = restrict(train, {i for i in train_ids if not labels[i]})
    baseline = BaselineDetector().fit(normal)
    fit_baseline_s, fit_baseline_cpu_s = time.perf_counter() - started, time.process_time() - cpu

    test_ids = set(ids) - train_ids
    test_lines = [line for line, t in zip(lines, in_train) if not t or any(
        m in test_ids for m in pattern.findall(line))]
    speed = {"train_lines": len(train_lines), "test_lines": len(test_lines),
             "fit_supervised_s": round(fit_supervised_s, 2), "fit_supervised_cpu_s": round(fit_supervised_cpu_s, 2),
             "fit_baseline_s": round(fit_baseline_s, 2), "fit_baseline_cpu_s": round(fit_baseline_cpu_s, 2)}
    for name, detector in (("supervised", supervised), ("baseline", baseline)):
        started, cpu = time.perf_counter(), time.process_time()
        test = restrict(sequences_of(test_lines, detector.uses_embeddings), test_ids)
        middle, middle_cpu = time.perf_counter(), time.process_time()
        detector.predict(test)
        done, done_cpu = time.perf_counter(), time.process_time()
        speed[f"{name}_sequences_per_s_end_to_end"] = round(len(test) / (done - started))
        speed[f"{name}_sequences_per_cpu_s_end_to_end"] = round(len(test) / (done_cpu - cpu))
        speed[f"{name}_sequences_per_s_scoring"] = round(len(test) / (done - middle))
        speed[f"{name}_sequences_per_cpu_s_scoring"] = round(len(test) / (done_cpu - middle_cpu))
    speed["test_sequences"] = len(test)
    return speed


def bgl(seeds: int, model) -> dict:
    from anomaly_detector import Grouping, SequenceCollector, annotate

    collector = SequenceCollector(Grouping.parse("window:20"))
    alerts = []
    with open(BGL_LOG, encoding="utf-8", errors="replace") as text:
        for number, line in enumerate(text, start=1):
            label, _, message = line.rstrip("\n").partition(" ")
            alerts.append(label != "-")
            collector.add(number, "", message)
    sequences = annotate(collector.finish(), model)
    alerts = np.array(alerts)
    y = np.array([alerts[rows - 1].any() for rows in sequences.rows])
    figures = evaluate(sequences, y, seeds)
    figures["windows"] = len(sequences)
    figures["anomalous_windows"] = int(y.sum())
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    model = classifier()
    hdfs_figures, speed = hdfs(args.seeds, model)
    bgl_figures = bgl(args.seeds, model)
    figures = {"hdfs": hdfs_figures, "speed": speed, "bgl_2k": bgl_figures, "load": load_average()}
    lines = []
    for dataset, table in (("HDFS", hdfs_figures), ("BGL_2k", bgl_figures)):
        for key, value in table.items():
            if isinstance(value, dict):
                lines.append((f"{dataset} {key}", f"P {value['precision']:.3f} R {value['recall']:.3f} "
                              f"F1 {value['f1']:.3f} [{value['f1_95'][0]:.3f}, {value['f1_95'][1]:.3f}] "
                              f"on {value['test_sequences']} ({value['test_anomalies']} anomalous)"))
    for key, value in speed.items():
        lines.append((key, str(value)))
    best = min(speed["supervised_sequences_per_s_end_to_end"], speed["baseline_sequences_per_s_end_to_end"])
    lines.append(("end-to-end vs 1,000 seq/s goal", f"{best / GOAL_SEQUENCES_PER_S:.2f}x"))
    lines.append(("end-to-end vs BERT+MoE 28.6 ms/seq",
                  f"{best * BERT_MOE_MS_PER_SEQUENCE / 1000:.1f}x"))
    lines.append(("load average", load_average()))
    report("Sequence anomaly detection", lines, figures, args.json)


if __name__ == "__main__":
    main()
