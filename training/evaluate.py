"""Measure the regex and embedding tiers on any labeled CSV, with the LLM tier disabled.

The rows go through the real coordinator (`classify.LogClassifier`); in place of
the LLM it is given `DisabledLLM`, which answers nothing, so every row the regex
and embedding tiers are not sure of ends up `Unclassified` (tier `none`) and
counts as wrong.

    python training/evaluate.py --data PATH [--model models/log_classifier.joblib]
        [--threshold 0.5] [--exclude-source LegacyCRM ...] [--include-all-sources]
        [--sweep 0.3,0.4,0.5] [--show-errors N]

The label column may be named `target_label` or `expected`; a cell may list
alternatives (`Workflow Error|Error`): an answer is right when it is any of them
(for the per-class report and the confusion matrix the first one stands as the
truth unless the answer is another alternative).

Prints accuracy, the precision of the labels the regex and embedding tiers
accept (rows they do not pass on) and their coverage (share of rows they
accept), per-class precision/recall/F1, the confusion matrix, the rows each tier
took and, per regex rule, its matches and precision.
"""

import argparse
import csv
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from labels import LLM_ONLY_SOURCE, TIERS  # noqa: E402
from regex_processor import REGEX_RULES  # noqa: E402

REQUIRED_COLUMNS = ("source", "log_message", "target_label")
LABEL_COLUMNS = ("target_label", "expected")
ALTERNATIVES = "|"
CHEAP_TIERS = ("regex", "bert")


class DisabledLLM:
    """The "no LLM" tier: answers nothing, so undecided rows stay Unclassified (tier none)."""

    def classify(self, messages, account=None):
        return [None] * len(messages)


def load_labeled(path) -> list[dict]:
    """Rows {source, log_message, target_label} of a labeled CSV; other columns ignored.

    The label column is `target_label` or, failing that, `expected`; its cell may
    hold `A|B` alternatives, kept as written. Raises SystemExit naming missing columns.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or ()
        label_column = next((c for c in LABEL_COLUMNS if c in columns), LABEL_COLUMNS[0])
        missing = [c for c in ("source", "log_message", label_column) if c not in columns]
        if missing:
            raise SystemExit(f"{path}: missing column(s) {', '.join(missing)}")
        return [{"source": row["source"] or "", "log_message": row["log_message"] or "",
                 "target_label": row[label_column] or ""} for row in reader]


def alternatives(target: str) -> list[str]:
    """The labels a `target_label` cell accepts: `Workflow Error|Error` -> both."""
    return [label.strip() for label in target.split(ALTERNATIVES)]


def is_right(target: str, label: str) -> bool:
    return label in alternatives(target)


def truth_for(target: str, label: str) -> str:
    """The one true label to report: the answer when it is an alternative, else the first."""
    return label if is_right(target, label) else alternatives(target)[0]


def evaluate_rows(rows, embedding, exclude_sources=(LLM_ONLY_SOURCE,)) -> dict:
    """Figures for `rows` classified by regex + `embedding` with the LLM disabled."""
    from sklearn.metrics import accuracy_score, classification_report, confusion_matrix

    from classify import LogClassifier

    excluded = {s.strip() for s in exclude_sources}
    kept = [r for r in rows if r["source"].strip() not in excluded]
    coordinator = LogClassifier(embedding, DisabledLLM())
    started = time.perf_counter()
    results = coordinator.classify_batch([r["source"] for r in kept],
                                         [r["log_message"] for r in kept])
    seconds = time.perf_counter() - started
    predicted = [result.label for result in results]
    truth = [truth_for(r["target_label"], label) for r, label in zip(kept, predicted)]
    labels = sorted(set(truth) | set(predicted))

    rules = {rule.name: Counter() for rule in REGEX_RULES}
    for row, result in zip(kept, results):
        if result.tier == "regex":
            counts = rules.setdefault(result.rule, Counter())
            counts["matches"] += 1
            counts["correct"] += is_right(row["target_label"], result.label)
    per_tier = Counter(result.tier for result in results)
    tier_correct = Counter(r.tier for r, t in zip(results, truth) if r.label == t)
    accepted = [r.label == t for r, t in zip(results, truth) if r.tier in CHEAP_TIERS]
    with warnings.catch_warnings():  # one-class inputs (tiny files) are fine here
        warnings.filterwarnings("ignore", message="A single label was found")
        accuracy = accuracy_score(truth, predicted) if kept else 0.0
        report = classification_report(truth, predicted, labels=labels, zero_division=0,
                                       digits=4) if kept else ""
        confusion = confusion_matrix(truth, predicted, labels=labels).tolist() if kept else []
    return {
        "rows": len(kept),
        "excluded_rows": len(rows) - len(kept),
        "accuracy": accuracy,
        "accepted_precision": (sum(accepted) / len(accepted)) if accepted else None,
        "coverage": (len(accepted) / len(kept)) if kept else 0.0,
        "accepted_wrong_share": ((len(accepted) - sum(accepted)) / len(kept)) if kept else 0.0,
        "labels": labels,
        "report": report,
        "confusion": confusion,
        "tiers": {tier: per_tier.get(tier, 0) for tier in TIERS},
        "tier_correct": {tier: tier_correct.get(tier, 0) for tier in TIERS},
        "rules": {
            name: {"matches": c["matches"], "correct": c["correct"],
                   "precision": (c["correct"] / c["matches"]) if c["matches"] else None}
            for name, c in rules.items()
        },
        "errors": [(r["source"], r["log_message"], r["target_label"], res.label, res.tier,
                    res.confidence) for r, res in zip(kept, results)
                   if not is_right(r["target_label"], res.label)],
        "seconds": seconds,
    }


def format_figures(figures: dict, show_errors: int = 0) -> str:
    lines = [f"rows evaluated: {figures['rows']} (excluded: {figures['excluded_rows']})",
             f"accuracy: {figures['accuracy']:.4f}",
             "accepted precision (regex + embedding answers that are right): "
             + ("-" if figures["accepted_precision"] is None else f"{figures['accepted_precision']:.4f}"),
             f"coverage (rows the regex and embedding tiers answer): {figures['coverage']:.4f}",
             f"confidently wrong (share of all rows): {figures['accepted_wrong_share']:.4f}",
             "", "per-class report:", figures["report"]]
    labels = figures["labels"]
    width = max([len(label) for label in labels] + [5])
    lines.append("confusion matrix (rows: true, columns: predicted):")
    short = [label[:8] for label in labels]
    lines.append(" " * (width + 2) + " ".join(f"{s:>8}" for s in short))
    for label, counts in zip(labels, figures["confusion"]):
        lines.append(f"{label:<{width}}  " + " ".join(f"{n:>8}" for n in counts))
    lines += ["", "rows per tier (correct):"]
    for tier, count in figures["tiers"].items():
        lines.append(f"  {tier:<6} {count:>7}  ({figures['tier_correct'][tier]} correct)")
    lines += ["", "regex rules: matches, correct, precision:"]
    for name, stats in figures["rules"].items():
        precision = "-" if stats["precision"] is None else f"{stats['precision']:.4f}"
        flag = "" if stats["precision"] is None or stats["precision"] >= 0.995 else "  BELOW 0.995"
        lines.append(f"  {name:<28} {stats['matches']:>6} {stats['correct']:>6} {precision}{flag}")
    if show_errors:
        lines += ["", f"first {show_errors} errors (true -> predicted, tier, confidence):"]
        for source, message, truth, label, tier, confidence in figures["errors"][:show_errors]:
            lines.append(f"  [{truth} -> {label}, {tier}, {confidence}] {source}: {message[:160]}")
    lines.append(f"\nclassified in {figures['seconds']:.1f}s")
    return "\n".join(lines)


def main(argv=None) -> int:
    from settings import Settings

    settings = Settings()
    parser = argparse.ArgumentParser(description="Accuracy of the regex + embedding tiers "
                                     "(LLM disabled) on a labeled CSV.")
    parser.add_argument("--data", required=True, type=Path,
                        help="labeled CSV with columns source, log_message, target_label")
    parser.add_argument("--model", type=Path, default=settings.model_path,
                        help=f"saved classifier (default {settings.model_path})")
    parser.add_argument("--threshold", type=float, default=None,
                        help="embedding-tier threshold (default: BERT_THRESHOLD setting, "
                        f"{settings.bert_threshold})")
    parser.add_argument("--exclude-source", action="append", default=None, metavar="SOURCE",
                        help=f"leave out rows of this source; repeatable (default {LLM_ONLY_SOURCE})")
    parser.add_argument("--include-all-sources", action="store_true",
                        help="evaluate every row (LLM-only rows then count as wrong)")
    parser.add_argument("--sweep", metavar="T1,T2,...",
                        help="also print accuracy and rows per tier at each of these thresholds")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="also list the first N misclassified rows")
    args = parser.parse_args(argv)

    from bert_processor import EmbeddingClassifier, load_encoder, load_model, resolve_precision

    classifier, metadata = load_model(args.model)
    threshold = settings.bert_threshold if args.threshold is None else args.threshold
    embedding = EmbeddingClassifier(load_encoder(settings.embedding_model_path), classifier,
                                    threshold=threshold, batch_size=settings.embedding_batch_size,
                                    precision=resolve_precision(settings.embedding_precision))
    excluded = () if args.include_all_sources else (args.exclude_source or [LLM_ONLY_SOURCE])
    figures = evaluate_rows(load_labeled(args.data), embedding, excluded)
    print(f"data: {args.data}\nmodel: {args.model} (trained {metadata.get('trained_at', '?')}, "
          f"corpus rows {metadata.get('corpus_rows', '?')})\nthreshold: {threshold}\n"
          f"embedding precision: {embedding.precision}\n"
          f"excluded sources: {', '.join(excluded) or 'none'}\nLLM tier: disabled\n")
    print(format_figures(figures, args.show_errors))
    if args.sweep:
        # The embedding tier caches (label, probability) per template, so this re-uses its work.
        print("\nthreshold sweep (floor over the per-class thresholds): threshold, accuracy, "
              "accepted precision, coverage, rows per tier")
        for value in (float(v) for v in args.sweep.split(",")):
            embedding.threshold = value
            swept = evaluate_rows(load_labeled(args.data), embedding, excluded)
            precision = swept["accepted_precision"]
            print(f"  {value:.2f}  {swept['accuracy']:.4f}  accepted precision "
                  f"{'-' if precision is None else f'{precision:.4f}'}  coverage "
                  f"{swept['coverage']:.4f}  {swept['tiers']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
