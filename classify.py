"""The coordinator: one batch function behind the server, the command line and `classify()`.

LegacyCRM rows always go to the LLM tier. Every other row tries the regex
tier, then the embedding tier, and what neither is sure of goes to the LLM.
Every tier reads the line's canonical view (`canonical.py`), computed once per
distinct message; the row returned keeps its cells exactly as they came.
Work is done per distinct message and per distinct template, never per row.
"""

import argparse
import functools
import logging
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from csv_io import (
    EXPLAIN_COLUMNS,
    LABEL_COLUMN,
    CsvReader,
    CsvWriter,
    InputError,
    excel_safe,
    open_text,
)
from canonical import canonical
from labels import LLM_ONLY_SOURCE, TIER_BERT, TIER_LLM, TIER_NONE, TIER_REGEX, UNCLASSIFIED
from normalization import normalize
from regex_processor import RegexClassifier, RulesError
from settings import Settings

log = logging.getLogger(__name__)


# How much of a raw line the canonical view reads, in multiples of MAX_LINE_CHARS: enough to
# unwrap a JSON record or reach a stack trace's exception line; the tiers then read at most
# MAX_LINE_CHARS of the canonical text.
CANONICAL_WINDOW = 4
# Columns of the LLM answers export: the training CSV format (training/train.py --extra).
LLM_ANSWER_COLUMNS = ("source", "log_message", "target_label")


@dataclass(frozen=True)
class RowResult:
    """A row's label, the tier that decided it, that tier's confidence (if it has one),
    and for the regex tier the name of the rule that matched."""

    label: str
    tier: str
    confidence: float | None = None
    rule: str | None = None


@dataclass
class Summary:
    """Counts over a classified batch: rows per label and per tier, and LLM failures."""

    rows: int = 0
    labels: Counter = field(default_factory=Counter)
    tiers: Counter = field(default_factory=Counter)
    llm_unlabeled: int = 0

    def add(self, results: Iterable[RowResult]) -> None:
        for result in results:
            self.rows += 1
            self.labels[result.label] += 1
            self.tiers[result.tier] += 1

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "labels": dict(self.labels),
            "tiers": dict(self.tiers),
            "llm_unlabeled": self.llm_unlabeled,
        }


class LogClassifier:
    """Runs the three tiers over batches of (source, log_message)."""

    def __init__(self, embedding, llm, max_line_chars: int = 2_000,
                 regex: RegexClassifier | None = None):
        self.embedding = embedding
        self.llm = llm
        self.max_line_chars = max_line_chars
        self.regex = regex if regex is not None else RegexClassifier()

    @classmethod
    def from_settings(cls, settings: Settings) -> "LogClassifier":
        """The three tiers as `settings` say. Raises `RulesError` for a bad RULES_PATH file."""
        from bert_processor import EmbeddingClassifier
        from llm_processor import LLMClassifier

        regex = RegexClassifier.from_settings(settings)  # first: a bad rules file fails fast
        return cls(
            EmbeddingClassifier.from_settings(settings),
            LLMClassifier.from_settings(settings),
            max_line_chars=settings.max_line_chars,
            regex=regex,
        )

    def classify_batch(
        self, sources: Sequence[str], messages: Sequence[str], summary: Summary | None = None
    ) -> list[RowResult]:
        """A result per row, in order. `summary`, when given, is updated with the batch.

        Each distinct message is put in its canonical view once (`canonical.canonical`);
        the regex tier matches its message, the embedding tier (via its template) and
        the LLM read its text, each clipped to `max_line_chars`.
        """
        window = self.max_line_chars * CANONICAL_WINDOW
        raw = [message[:window] for message in messages]
        views = {m: canonical(m) for m in dict.fromkeys(raw)}
        clip = self.max_line_chars
        seen = [views[m].message[:clip] for m in raw]  # what the regex tier matches
        texts = [views[m].text[:clip] for m in raw]  # what the embedding and LLM tiers read
        decided: dict[int, RowResult] = {}
        for_llm: list[int] = []
        candidates: list[int] = []
        for i, (source, text) in enumerate(zip(sources, texts)):
            if not text:
                decided[i] = RowResult(UNCLASSIFIED, TIER_NONE)
            elif source.strip() == LLM_ONLY_SOURCE:
                for_llm.append(i)
            else:
                candidates.append(i)

        by_regex = dict(zip(candidates, self.regex.classify([sources[i] for i in candidates],
                                                            [seen[i] for i in candidates])))
        unmatched = list(dict.fromkeys(texts[i] for i in candidates if by_regex[i] is None))
        templates = [normalize(text) for text in unmatched]
        by_embedding = dict(zip(unmatched, self.embedding.predict(templates)))
        for i in candidates:
            matched = by_regex[i]
            if matched is not None:
                rule, label = matched
                decided[i] = RowResult(label, TIER_REGEX, 1.0, rule)
            elif by_embedding[texts[i]][0] is not None:
                label, probability = by_embedding[texts[i]]
                decided[i] = RowResult(label, TIER_BERT, round(probability, 4))
            else:
                for_llm.append(i)

        llm_unlabeled = 0
        if for_llm:
            asked = list(dict.fromkeys(texts[i] for i in for_llm))
            answers = dict(zip(asked, self.llm.classify(asked)))
            for i in for_llm:
                label = answers[texts[i]]
                if label is None:
                    llm_unlabeled += 1
                    decided[i] = RowResult(UNCLASSIFIED, TIER_NONE)
                else:
                    decided[i] = RowResult(label, TIER_LLM)

        results = [decided[i] for i in range(len(seen))]
        if summary is not None:
            summary.add(results)
            summary.llm_unlabeled += llm_unlabeled
        return results

    def classify_csv(
        self,
        reader: CsvReader,
        target: TextIO,
        *,
        chunk_size: int = 50_000,
        excel_safe_output: bool = False,
        max_rows: int | None = None,
        progress: Callable[[int], None] | None = None,
        llm_answers: TextIO | None = None,
    ) -> Summary:
        """Label a CSV stream chunk by chunk: every input column kept, `target_label` added.

        When the reader was opened with the explain columns, `tier` and
        `confidence` follow. Raises `InputError` for input that cannot be labeled.

        `llm_answers`, when given, receives the LLM tier's answers as a training CSV,
        `source,log_message,target_label` (the format of `training/train.py --extra`):
        one row per distinct (source, log_message) the LLM labeled, cells exactly as
        read, in order of first appearance. Rows it could not label are left out.
        """
        explain = reader.extra_columns == EXPLAIN_COLUMNS
        writer = CsvWriter(target)
        escape = excel_safe if excel_safe_output else str
        writer.writerow([escape(cell) for cell in (*reader.header, LABEL_COLUMN, *reader.extra_columns)])
        answers = CsvWriter(llm_answers) if llm_answers is not None else None
        if answers is not None:
            answers.writerow(list(LLM_ANSWER_COLUMNS))
        exported: set[tuple[str, str]] = set()
        summary = Summary()
        for chunk in reader.chunks(chunk_size, max_rows):
            results = self.classify_batch(
                [row[reader.source_index] for row in chunk],
                [row[reader.message_index] for row in chunk],
                summary,
            )
            for row, result in zip(chunk, results):
                cells = [*row, result.label]
                if explain:
                    cells += [result.tier, "" if result.confidence is None else result.confidence]
                writer.writerow([escape(str(cell)) for cell in cells])
                if answers is not None and result.tier == TIER_LLM:
                    key = (row[reader.source_index], row[reader.message_index])
                    if key not in exported:
                        exported.add(key)
                        answers.writerow([*key, result.label])
            if progress is not None:
                progress(len(chunk))
        return summary


@functools.cache
def default_classifier() -> LogClassifier:
    """The classifier built from the environment, loaded on first use."""
    return LogClassifier.from_settings(Settings())


def classify(logs: Iterable[tuple[str, str]]) -> list[str]:
    """Labels for (source, log_message) pairs, in order."""
    pairs = list(logs)
    results = default_classifier().classify_batch([s for s, _ in pairs], [m for _, m in pairs])
    return [result.label for result in results]


# Command line ---------------------------------------------------------------------------------

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    settings = Settings()
    parser = _ArgumentParser(
        prog="classify.py",
        description="Label every row of a log CSV (columns source, log_message, any others) "
        "with a target_label column, keeping every input column and the row order.",
    )
    parser.add_argument("input", help="CSV file to classify, or - for standard input")
    parser.add_argument(
        "-o", "--output", required=True,
        help="where to write the labeled CSV, or - for standard output; written to a "
        "temporary file first and renamed when complete",
    )
    parser.add_argument(
        "--chunk-size", type=int, default=settings.chunk_size,
        help=f"rows read and classified at a time; bounds memory (default {settings.chunk_size})",
    )
    parser.add_argument("--explain", action="store_true",
                        help="add the columns tier (regex, bert, llm, none) and confidence")
    parser.add_argument("--excel-safe", action="store_true",
                        help="escape cells a spreadsheet would run as formulas (=, +, -, @, tab, CR)")
    parser.add_argument(
        "--llm-answers", metavar="FILE",
        help="also write the LLM tier's answers to FILE as a training CSV "
        "(source,log_message,target_label; one row per distinct line), to fold into "
        "training with training/train.py --extra FILE",
    )
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bar (it is also off when stderr is not a terminal)")
    args = parser.parse_args(argv)
    if args.chunk_size < 1:
        parser.error("--chunk-size must be at least 1")
    return args


def _open_input(path: str) -> TextIO:
    if path == "-":
        return open_text(sys.stdin.buffer)
    try:
        return open_text(open(path, "rb"))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None


def _temporary_beside(final: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    except OSError as error:
        raise InputError(f"cannot write {final}: {error.strerror}") from None


def _run(args: argparse.Namespace) -> Summary:
    from tqdm import tqdm

    quiet = args.quiet or not sys.stderr.isatty()
    with _open_input(args.input) as source, tqdm(
        unit=" rows", disable=quiet, file=sys.stderr, desc="classifying"
    ) as bar:
        reader = CsvReader(source, extra_columns=EXPLAIN_COLUMNS if args.explain else ())
        options = dict(chunk_size=args.chunk_size, excel_safe_output=args.excel_safe,
                       progress=bar.update)
        with ExitStack() as finish:
            if args.llm_answers:
                options["llm_answers"] = finish.enter_context(_written(Path(args.llm_answers)))
            if args.output == "-":
                return default_classifier().classify_csv(reader, sys.stdout, **options)
            with _written(Path(args.output)) as target:
                return default_classifier().classify_csv(reader, target, **options)


@contextmanager
def _written(final: Path) -> Iterator[TextIO]:
    """A text file that appears at `final` only when the block ends without an error."""
    handle, temporary = _temporary_beside(final)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
            yield target
        os.replace(temporary, final)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        summary = _run(args)
    except (InputError, RulesError) as error:
        print(f"classify.py: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # the one-line reason matters more than a traceback here
        print(f"classify.py: failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"classify.py: {summary.rows} rows labeled: {dict(summary.labels)}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
