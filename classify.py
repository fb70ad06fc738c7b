"""The coordinator: one batch function behind the server, the command line and `classify()`.

LegacyCRM rows always go to the LLM tier. Every other row tries the regex
tier, then the embedding tier, and what neither is sure of goes to the LLM.
Work is done per distinct message and per distinct template, never per row.
"""

import argparse
import functools
import logging
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
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
from labels import LLM_ONLY_SOURCE, TIER_BERT, TIER_LLM, TIER_NONE, TIER_REGEX, UNCLASSIFIED
from llm_processor import LLMAccount
from normalization import normalize
from regex_processor import classify_regex
from settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RowResult:
    """A row's label, the tier that decided it, and that tier's confidence (if it has one)."""

    label: str
    tier: str
    confidence: float | None = None


@dataclass
class Summary:
    """Counts over a classified batch: rows per label and per tier, LLM failures and LLM cost."""

    rows: int = 0
    labels: Counter = field(default_factory=Counter)
    tiers: Counter = field(default_factory=Counter)
    tier_labels: Counter = field(default_factory=Counter)  # (tier, label) -> rows
    llm_unlabeled: int = 0
    llm: LLMAccount = field(default_factory=LLMAccount)

    def add(self, results: Iterable[RowResult]) -> None:
        for result in results:
            self.rows += 1
            self.labels[result.label] += 1
            self.tiers[result.tier] += 1
            self.tier_labels[result.tier, result.label] += 1

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "labels": dict(self.labels),
            "tiers": dict(self.tiers),
            "llm_unlabeled": self.llm_unlabeled,
            "llm_calls": self.llm.calls,
            "llm_prompt_tokens": self.llm.prompt_tokens,
            "llm_completion_tokens": self.llm.completion_tokens,
            "llm_cache_hits": self.llm.cache_hits,
        }


class LogClassifier:
    """Runs the three tiers over batches of (source, log_message)."""

    def __init__(self, embedding, llm, max_line_chars: int = 2_000):
        self.embedding = embedding
        self.llm = llm
        self.max_line_chars = max_line_chars

    @classmethod
    def from_settings(cls, settings: Settings) -> "LogClassifier":
        from bert_processor import EmbeddingClassifier
        from llm_processor import LLMClassifier

        return cls(
            EmbeddingClassifier.from_settings(settings),
            LLMClassifier.from_settings(settings),
            max_line_chars=settings.max_line_chars,
        )

    def classify_batch(
        self, sources: Sequence[str], messages: Sequence[str], summary: Summary | None = None
    ) -> list[RowResult]:
        """A result per row, in order. `summary`, when given, is updated with the batch."""
        seen = [message[: self.max_line_chars] for message in messages]
        decided: dict[int, RowResult] = {}
        for_llm: list[int] = []
        candidates: list[int] = []
        for i, (source, message) in enumerate(zip(sources, seen)):
            if not message.strip():
                decided[i] = RowResult(UNCLASSIFIED, TIER_NONE)
            elif source.strip() == LLM_ONLY_SOURCE:
                for_llm.append(i)
            else:
                candidates.append(i)

        distinct = list(dict.fromkeys(seen[i] for i in candidates))
        by_regex = dict(zip(distinct, classify_regex(distinct)))
        unmatched = [m for m in distinct if by_regex[m] is None]
        templates = {m: normalize(m) for m in unmatched}
        by_embedding = dict(zip(unmatched, self.embedding.predict([templates[m] for m in unmatched])))
        for i in candidates:
            message = seen[i]
            if by_regex[message] is not None:
                decided[i] = RowResult(by_regex[message], TIER_REGEX, 1.0)
            elif by_embedding[message][0] is not None:
                label, probability = by_embedding[message]
                decided[i] = RowResult(label, TIER_BERT, round(probability, 4))
            else:
                for_llm.append(i)

        llm_unlabeled = 0
        if for_llm:
            asked = list(dict.fromkeys(seen[i] for i in for_llm))
            account = summary.llm if summary is not None else None
            answers = dict(zip(asked, self.llm.classify(asked, account)))
            for i in for_llm:
                label = answers[seen[i]]
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
        patterns=None,
    ) -> Summary:
        """Label a CSV stream chunk by chunk: every input column kept, `target_label` added.

        When the reader was opened with the explain columns, `tier` and
        `confidence` follow; with `patterns` (a `patterns.PatternSummary` over a
        fitted key index) `pattern_id` and `template` follow and the summary counts
        the rows. Raises `InputError` for input that cannot be labeled.
        """
        explain = reader.extra_columns == EXPLAIN_COLUMNS
        writer = CsvWriter(target)
        escape = excel_safe if excel_safe_output else str
        added = (LABEL_COLUMN, *reader.extra_columns, *(patterns.columns if patterns else ()))
        writer.writerow([escape(cell) for cell in (*reader.header, *added)])
        summary = Summary()
        for chunk in reader.chunks(chunk_size, max_rows):
            results = self.classify_batch(
                [row[reader.source_index] for row in chunk],
                [row[reader.message_index] for row in chunk],
                summary,
            )
            found = patterns.add(chunk, [r.label for r in results]) if patterns else None
            for i, (row, result) in enumerate(zip(chunk, results)):
                cells = [*row, result.label]
                if explain:
                    cells += [result.tier, "" if result.confidence is None else result.confidence]
                if found:
                    cells += [found[i].id, found[i].template]
                writer.writerow([escape(str(cell)) for cell in cells])
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
    parser.add_argument("--patterns", action="store_true",
                        help="add the columns pattern_id and template (the input is read twice: "
                        "templates are mined first)")
    parser.add_argument("--patterns-json", metavar="FILE",
                        help="also write the pattern summary (as POST /patterns/ answers) to FILE; "
                        "implies --patterns")
    parser.add_argument("--time-column",
                        help="column of timestamps for the pattern timeline (default: the first of "
                        "timestamp, time, @timestamp, date)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bar (it is also off when stderr is not a terminal)")
    args = parser.parse_args(argv)
    if args.chunk_size < 1:
        parser.error("--chunk-size must be at least 1")
    args.patterns = args.patterns or args.patterns_json is not None
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


def _pattern_summary(args: argparse.Namespace, header: Sequence[str]):
    """Mine the input's templates (a first pass over it) for the `--patterns` columns and JSON."""
    from patterns import KeyIndex, PatternSummary
    from template_miner import MinerConfig

    settings = Settings()
    with _open_input(args.input) as source:
        index = KeyIndex(MinerConfig(max_clusters=settings.pattern_max_clusters)).fit(
            CsvReader(source), args.chunk_size)
    return PatternSummary(index, header, args.time_column)


def _spooled_stdin() -> str:
    """Standard input copied to a temporary file, so that `--patterns` can read it twice."""
    handle, path = tempfile.mkstemp(prefix="classify-stdin-", suffix=".csv")
    with os.fdopen(handle, "wb") as target:
        while block := sys.stdin.buffer.read(1 << 20):
            target.write(block)
    return path


def _run(args: argparse.Namespace) -> Summary:
    spooled = _spooled_stdin() if args.patterns and args.input == "-" else None
    if spooled:
        args.input = spooled
    try:
        return _classify(args)
    finally:
        if spooled:
            os.unlink(spooled)


def _classify(args: argparse.Namespace) -> Summary:
    from tqdm import tqdm

    quiet = args.quiet or not sys.stderr.isatty()
    with _open_input(args.input) as source, tqdm(
        unit=" rows", disable=quiet, file=sys.stderr, desc="classifying"
    ) as bar:
        reader = CsvReader(source, extra_columns=EXPLAIN_COLUMNS if args.explain else ())
        patterns = _pattern_summary(args, reader.header) if args.patterns else None
        options = dict(chunk_size=args.chunk_size, excel_safe_output=args.excel_safe,
                       progress=bar.update, patterns=patterns)
        if args.output == "-":
            summary = default_classifier().classify_csv(reader, sys.stdout, **options)
        else:
            final = Path(args.output)
            handle, temporary = _temporary_beside(final)
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
                    summary = default_classifier().classify_csv(reader, target, **options)
                os.replace(temporary, final)
            except BaseException:
                os.unlink(temporary)
                raise
    if args.patterns_json:
        _write_patterns_json(Path(args.patterns_json), patterns, summary)
    return summary


def _write_patterns_json(path: Path, patterns, summary: Summary) -> None:
    """The pattern summary as POST /patterns/ answers it, written atomically."""
    import json

    handle, temporary = _temporary_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as target:
            json.dump({**patterns.as_dict(), "summary": summary.as_dict()}, target, ensure_ascii=False)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        summary = _run(args)
    except InputError as error:
        print(f"classify.py: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # the one-line reason matters more than a traceback here
        print(f"classify.py: failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"classify.py: {summary.rows} rows labeled: {dict(summary.labels)}; LLM: "
              f"{summary.llm.calls} calls, {summary.llm.prompt_tokens} prompt and "
              f"{summary.llm.completion_tokens} completion tokens, {summary.llm.cache_hits} "
              f"cache hits, {summary.llm_unlabeled} rows unlabeled", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
