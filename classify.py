"""The coordinator: one batch function behind the server, the command line and `classify()`.

LegacyCRM rows always go to the LLM tier. Every other row tries the regex
tier, then the embedding tier, and what neither is sure of goes to the LLM.
Every tier reads the line's canonical view (`canonical.py`), computed once per
distinct message; the row returned keeps its cells exactly as they came.
Work is done per distinct message and per distinct template, never per row.
"""

import argparse
import functools
import json
import logging
import os
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import is_, itemgetter
from pathlib import Path
from typing import BinaryIO, TextIO

from column_rules import first_rules, masking_keys, plain_messages
from command_line import EXIT_OK, ArgumentParser, run_reported
from csv_io import (
    EXPLAIN_COLUMNS,
    LABEL_COLUMN,
    CsvReader,
    CsvWriter,
    InputError,
    excel_safe,
    open_csv,
)
from labels import LLM_ONLY_SOURCE, TIER_BERT, TIER_LLM, TIER_NONE, TIER_REGEX, UNCLASSIFIED
from llm_processor import LLMAccount
from regex_processor import RegexClassifier, RulesError, builtin_answer
from settings import Settings
from log_templates import view

log = logging.getLogger(__name__)


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


NOTHING = RowResult(UNCLASSIFIED, TIER_NONE)  # no text to read
UNLABELED = RowResult(UNCLASSIFIED, TIER_NONE)  # the LLM tier gave no label (counted apart)
_EMPTY = (None, "", None)  # `LogClassifier.prepare`'s answer for a line with nothing to read


def given_keys(messages: Sequence[str], keys: Sequence[str | None] | None) -> dict[str, str] | None:
    """Template keys already computed (one per row, or None), by message; None when none were."""
    if keys is None:
        return None
    return {message: key for message, key in zip(messages, keys) if key is not None}


def line_pairs(lines: Iterable) -> Iterable[tuple[str, str]]:
    """(source as it matters, message) of each line of `LogClassifier.line_keys`: a message
    alone is a line whose source does not matter ("")."""
    if isinstance(lines, Sequence) and lines and isinstance(lines[0], str):
        return zip(repeat(""), lines)
    return lines


def template_keys(prepared: Iterable[tuple]) -> list[str]:
    """The distinct template keys of `LogClassifier.prepare`'s answers: what the embedding tier reads."""
    return list(dict.fromkeys(key for _, _, key in prepared if key is not None))


@dataclass
class Summary:
    """Counts over a classified batch: rows per label and per tier, LLM failures and LLM cost."""

    rows: int = 0
    labels: Counter = field(default_factory=Counter)
    tiers: Counter = field(default_factory=Counter)
    tier_labels: Counter = field(default_factory=Counter)  # (tier, label) -> rows
    llm_unlabeled: int = 0
    llm: LLMAccount = field(default_factory=LLMAccount)

    def add(self, results: Sequence[RowResult]) -> None:
        """Count `results`; rows of one decision share one `RowResult`, so each is counted once."""
        by_id = dict(zip(map(id, results), results))
        for ident, rows in Counter(map(id, results)).items():
            result = by_id[ident]
            self.rows += rows
            self.labels[result.label] += rows
            self.tiers[result.tier] += rows
            self.tier_labels[result.tier, result.label] += rows
            if result is UNLABELED:
                self.llm_unlabeled += rows

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

    @classmethod
    def from_dict(cls, data: dict | None) -> "Summary":
        """The summary `as_dict()` gave (an empty one for None), to continue counting."""
        if not data:
            return cls()
        llm = LLMAccount(calls=data.get("llm_calls", 0), prompt_tokens=data.get("llm_prompt_tokens", 0),
                         completion_tokens=data.get("llm_completion_tokens", 0),
                         cache_hits=data.get("llm_cache_hits", 0))
        return cls(rows=data["rows"], labels=Counter(data["labels"]), tiers=Counter(data["tiers"]),
                   llm_unlabeled=data["llm_unlabeled"], llm=llm)


class LabeledCsvWriter:
    """The answer CSV: the input's header and rows as read, plus `target_label`.

    `tier` and `confidence` follow when the reader was opened with the explain
    columns, then `pattern_id` and `template` with a `patterns.PatternSummary`.
    Written with the input's delimiter (and its ``sep=`` line). The one writer
    of the server, the command line, jobs and Ray.
    """

    def __init__(self, target: TextIO, reader: CsvReader, excel_safe_output: bool = False,
                 patterns=None):
        self._writer = CsvWriter(target, reader.delimiter, reader.sep_hint)
        self._reader = reader
        self._explain = reader.extra_columns == EXPLAIN_COLUMNS
        self._escape = excel_safe if excel_safe_output else str
        self._pattern_columns = patterns.columns if patterns else ()

    def write_header(self) -> None:
        header = (*self._reader.header, LABEL_COLUMN, *self._reader.extra_columns,
                  *self._pattern_columns)
        self._writer.writeheader([self._escape(cell) for cell in header])

    def write_rows(self, rows: Sequence[list[str]], results: Sequence[RowResult],
                   found: Sequence | None = None) -> None:
        """Each row with its result; `found`: each row's pattern (id, template), when patterns are on."""
        self.write_lines(self.lines(rows), results, found)

    def lines(self, rows: Sequence[list[str]]) -> tuple[list[str], frozenset[int]]:
        """The rows' own cells formatted ahead of their results (`CsvWriter.lines`), for `write_lines`."""
        if self._escape is not str:
            rows = [[self._escape(cell) for cell in cells] for cells in rows]
        return self._writer.lines(rows)

    def write_lines(self, lines: tuple[list[str], frozenset[int]], results: Sequence[RowResult],
                    found: Sequence | None = None) -> None:
        """`write_rows` of rows formatted by `lines`: each line completed with its result's cells
        (a label first, never empty; no cell added holds a carriage return: labels, tiers and
        numbers, and templates, whose whitespace is collapsed)."""
        texts, quoted = lines
        escape, continuation = self._escape, self._writer.continuation
        # The cells each decision adds, formatted once per distinct RowResult (rows share them).
        added = {ident: [escape(cell) for cell in self._added(result)]
                 for ident, result in dict(zip(map(id, results), results)).items()}
        ends = {ident: continuation(cells) for ident, cells in added.items()}
        tails = list(map(ends.__getitem__, map(id, results)))
        for at in quoted:
            tails[at] = continuation(added[id(results[at])], quoted=True)
        if found:
            for at, pattern in enumerate(found):
                tails[at] += continuation([escape(str(pattern.id)), escape(pattern.template)], at in quoted)
        self._writer.write_text(chain.from_iterable(zip(texts, tails, repeat("\n"))))

    def _added(self, result: RowResult) -> list[str]:
        if not self._explain:
            return [result.label]
        return [result.label, result.tier, "" if result.confidence is None else str(result.confidence)]


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
        self, sources: Sequence[str], messages: Sequence[str], summary: Summary | None = None,
        keys: Sequence[str | None] | None = None,
    ) -> list[RowResult]:
        """A result per row, in order. `summary`, when given, is updated with the batch.

        Each distinct line is put in its canonical view once (`log_templates.view`);
        the regex tier matches its message, the embedding tier its template key
        (`log_templates.template_key`) and the LLM its text, each clipped to `max_line_chars`.
        `keys`, when given, holds each row's template key as already computed with
        this `max_line_chars` (a `patterns.KeyIndex` pass), or None where it was not:
        those rows are not masked again. The steps (`line_keys`, `prepare`, `decide`)
        are public so that `pipeline.py` can run `prepare` in worker processes.
        """
        row_lines = self.line_keys(sources, messages)
        lines = list(dict.fromkeys(row_lines))
        return self.decide(row_lines, lines, self.prepare(lines, given_keys(messages, keys)), summary)

    def line_keys(self, sources: Sequence[str], messages: Sequence[str]) -> list:
        """Each row as the tiers tell rows apart: a line, one result for all its rows.

        A row's source matters as `LLM_ONLY_SOURCE` (those rows go to the LLM tier), as
        itself when a user rule names a source, else not at all: rows of one message
        from different sources are then one line. When no row's source matters (most
        batches) the lines are the messages themselves, else (source as it matters,
        message) pairs, the source "" where it does not; `line_pairs` gives pairs of both.
        """
        by_source = self.regex.by_source

        def matters(source: str) -> str:
            source = source.strip()
            return source if source == LLM_ONLY_SOURCE or by_source else ""

        kept = {source: matters(source) for source in set(sources)}
        if not any(kept.values()):
            return list(messages)  # strings hash once; tuples would hash again at every lookup
        return list(zip(map(kept.__getitem__, sources), messages))

    def prepare(self, lines: Iterable, keys: dict[str, str] | None = None) -> list[tuple]:
        """What each line (of `line_keys`, or a pair) needs, found without a model: `(match, text, key)`
        per line, in order.

        `match`: the regex tier's (rule, label), or None; `text`: the canonical text the
        LLM tier would read, None where it is the line's message itself ("" for a line
        with nothing to read, and for a matched one); `key`: the template key the
        embedding tier decides by, None for a matched line, an empty one and one for the
        LLM tier alone. `keys`: template keys already computed, by message. Depends
        only on the regex rules and `max_line_chars`, so worker processes holding a
        copy of this classifier give the same answers; answers of one rule or one key
        share their objects, which keeps them small to send between processes.
        """
        clip = self.max_line_chars
        match_user = self.regex.match_user if self.regex.user_rules else None
        pairs = list(line_pairs(lines))
        prepared: list = [None] * len(pairs)
        # The canonical view (the column pass for lines without a wrapper), the LLM-only source and
        # the user rules, line by line; then the built-in rules and the masking, each over a column.
        by_rule: dict[tuple[str, str], tuple] = {}  # one answer per rule
        at_rows: list[int] = []  # lines for the built-in rules: their index, message and text
        messages: list[str] = []
        texts: list[str] = []
        plain = plain_messages([message for _, message in pairs], clip)
        for at, ((source, message), seen_message) in enumerate(zip(pairs, plain)):
            if seen_message is None:  # a wrapper to take off, or not printable ASCII
                seen = view(message, clip)
                seen_message, text = seen.message, seen.text
            else:
                text = seen_message
            if not text:
                prepared[at] = _EMPTY
            elif source == LLM_ONLY_SOURCE:
                prepared[at] = (None, None if text == message else text, None)
            elif match_user is not None and (matched := match_user(source, seen_message)) is not None:
                prepared[at] = by_rule.get(matched) or by_rule.setdefault(matched, (matched, "", None))
            else:
                at_rows.append(at)
                messages.append(seen_message)
                texts.append(text)
        key_of: dict[str, str | None] = {}  # canonical text -> template key: wrapped lines often share a text
        unruled = []
        for at, name, text in zip(at_rows, first_rules(messages), texts):
            if name is not None:
                matched = builtin_answer(name)
                prepared[at] = by_rule.get(matched) or by_rule.setdefault(matched, (matched, "", None))
                continue
            unruled.append((at, text))
            if text not in key_of:  # a key handed on, else None: masked below (an empty one too)
                key_of[text] = (keys.get(pairs[at][1]) if keys else None) or None
        unmasked = [text for text, key in key_of.items() if key is None]
        key_of.update(zip(unmasked, masking_keys(unmasked)))
        same_key: dict[str, str] = {}  # one object per distinct key
        for at, text in unruled:
            key = key_of[text]
            prepared[at] = (None, None if text == pairs[at][1] else text, same_key.setdefault(key, key))
        return prepared

    def decide(self, row_lines: Sequence, lines: Sequence,
               prepared: Sequence[tuple], summary: Summary | None = None,
               embedded: dict[str, tuple[str | None, float]] | None = None) -> list[RowResult]:
        """The result of each row (`row_lines`, as `line_keys` gave) from its line's `prepare` answer.

        Template keys go to the embedding tier (unless `embedded` already holds the
        embedding tier's `predict` answer for each of `template_keys(prepared)`), and
        what no tier is sure of, and `LegacyCRM`, to the LLM tier.
        """
        if embedded is None:
            distinct = template_keys(prepared)
            embedded = dict(zip(distinct, self.embedding.predict(distinct)))
        by_key = {key: None if label is None else RowResult(label, TIER_BERT, round(probability, 4))
                  for key, (label, probability) in embedded.items()}
        by_rule: dict[tuple[str, str], RowResult] = {}
        # Each line's result, or the text the LLM tier is asked about. Rows of one line (and rule,
        # template or answer) share one RowResult: results are read-only.
        outcome: dict[tuple[str, str], RowResult | str] = {}
        for line, (matched, text, key) in zip(lines, prepared):
            if matched is not None:
                result = by_rule.get(matched)
                if result is None:
                    result = by_rule[matched] = RowResult(matched[1], TIER_REGEX, 1.0, matched[0])
                outcome[line] = result
            elif text == "":
                outcome[line] = NOTHING
            else:
                outcome[line] = ((by_key[key] if key is not None else None) or text
                                 or (line if type(line) is str else line[1]))
        asked = list(dict.fromkeys(value for value in outcome.values() if type(value) is str))
        if asked:
            account = summary.llm if summary is not None else None
            answers = {text: UNLABELED if label is None else RowResult(label, TIER_LLM)
                       for text, label in zip(asked, self.llm.classify(asked, account))}
            for line, value in outcome.items():
                if type(value) is str:
                    outcome[line] = answers[value]
        results = list(map(outcome.__getitem__, row_lines))
        if summary is not None:
            summary.add(results)
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
        start_row: int = 0,
        summary: Summary | None = None,
        llm_answers: TextIO | None = None,
        runner=None,
    ) -> Summary:
        """Label a CSV stream chunk by chunk: every input column kept, `target_label` added.

        When the reader was opened with the explain columns, `tier` and
        `confidence` follow; with `patterns` (a `patterns.PatternSummary` over a
        fitted key index) `pattern_id` and `template` follow and the summary counts
        the rows. Written with the input's delimiter (and its ``sep=`` line, if it
        had one). `progress(rows)` is called after each chunk is written. To
        continue an interrupted run, `start_row` rows already written are read and
        skipped (no header is written) and their `summary` is continued; with the
        same `chunk_size` the chunks that follow are the ones the full run
        classifies. Raises `InputError` for input that cannot be labeled.

        `llm_answers`, when given, receives the LLM tier's answers as a training CSV,
        `source,log_message,target_label` (the format of `training/train.py --extra`):
        one row per distinct (source, log_message) the LLM labeled, cells exactly as
        read, in order of first appearance. Rows it could not label are left out.

        `runner`, a `pipeline.ParallelRun`, runs the work per line in worker processes
        and the embedding tier in its own process, reading ahead; the answer is the same.
        """
        writer = LabeledCsvWriter(target, reader, excel_safe_output, patterns)
        if start_row == 0:
            writer.write_header()
        summary = summary if summary is not None else Summary()
        skip = start_row
        answers = CsvWriter(llm_answers) if llm_answers is not None else None
        if answers is not None:
            answers.writerow(list(LLM_ANSWER_COLUMNS))
        exported: set[tuple[str, str]] = set()
        source_of, message_of = itemgetter(reader.source_index), itemgetter(reader.message_index)
        # Chunks started and not yet written: (rows, their lines formatted, row lines, lines, batch).
        # Without a runner each is prepared here and written at once; with one, up to
        # `runner.lookahead` wait.
        pending: deque = deque()
        lookahead = runner.lookahead if runner is not None else 0
        recent = RecentLines()

        def write_oldest() -> None:
            chunk, formatted, row_lines, lines, batch = pending.popleft()
            prepared, embedded = runner.result(batch) if runner is not None else (batch, None)
            results = self.decide(row_lines, lines, prepared, summary, embedded)
            found = patterns.add(chunk, [r.label for r in results]) if patterns else None
            writer.write_lines(formatted, results, found)
            if answers is not None:
                for row, result in zip(chunk, results):
                    key = (source_of(row), message_of(row))
                    if result.tier == TIER_LLM and key not in exported:
                        exported.add(key)
                        answers.writerow([*key, result.label])
            if progress is not None:
                progress(len(row_lines))

        for chunk in reader.chunks(chunk_size, max_rows):
            if skip:
                dropped = min(skip, len(chunk))
                chunk, skip = chunk[dropped:], skip - dropped
                if patterns:
                    patterns.skip(dropped)
                if not chunk:
                    continue
            messages = list(map(message_of, chunk))
            keys = patterns.next_keys(len(chunk), self.max_line_chars) if patterns else None
            row_lines = self.line_keys(list(map(source_of, chunk)), messages)
            lines = list(dict.fromkeys(row_lines))
            given = given_keys(messages, keys)
            fresh, complete = recent.split(lines)
            batch = (runner.start(fresh, given, complete) if runner is not None
                     else complete(self.prepare(fresh, given)))
            # Formatted while the workers and the model work; the cells are let go unless needed.
            formatted = writer.lines(chunk)
            kept = chunk if patterns or answers is not None else None
            pending.append((kept, formatted, row_lines, lines, batch))
            while pending and (len(pending) > lookahead or runner.ready(pending[0][4])):
                write_oldest()
        while pending:
            write_oldest()
        if runner is not None:
            runner.finish()
        return summary


class RecentLines:
    """`LogClassifier.prepare`'s answers for the lines of recent chunks, so that a line repeated
    in later chunks is not prepared again. Holds at most `limit` lines (forgets all at once)."""

    def __init__(self, limit: int = 250_000):
        self.limit = limit
        self._known: dict = {}

    def split(self, lines: list) -> tuple[list, Callable[[list], list]]:
        """The lines to prepare, and the function that turns their answers into those of `lines`
        (remembering them); answers known now are taken now, whatever is forgotten meanwhile."""
        answers = list(map(self._known.get, lines))
        fresh = list(compress(lines, map(is_, answers, repeat(None))))

        def complete(prepared: list) -> list:
            if len(self._known) + len(fresh) > self.limit:
                self._known.clear()
            self._known.update(zip(fresh, prepared))
            if len(prepared) == len(lines):
                return prepared
            taken = iter(prepared)
            return [answer if answer is not None else next(taken) for answer in answers]

        return fresh, complete


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

def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    settings = Settings()
    parser = ArgumentParser(
        prog="classify.py",
        description="Label every row of a log CSV (columns source, log_message, any others) "
        "with a target_label column, keeping every input column and the row order.",
    )
    parser.add_argument("input", help="CSV file to classify, or - for standard input; with --engine ray "
                        "a folder, a glob or an object-store prefix (s3://...) of CSV files")
    parser.add_argument(
        "-o", "--output", required=True,
        help="where to write the labeled CSV, or - for standard output; written to a "
        "temporary file first and renamed when complete; with --engine ray the folder (or prefix) "
        "that gets one labeled CSV per input file, under the same name",
    )
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="local: this process (default); ray: actors on a Ray cluster (see ray_engine.py)")
    parser.add_argument("--ray-address", help="with --engine ray: the cluster to join (ray://host:10001, "
                        "host:6379 or auto); without it a local Ray is started")
    parser.add_argument("--workers", type=int,
                        help="with --engine ray: actors to run, each with its own models (default: the cluster's CPUs)")
    parser.add_argument(
        "--processes", type=int, default=None, metavar="N",
        help="worker processes for the work per line (canonical view, regex tier, masking), "
        "beside one that loads and runs the embedding model while the file is read "
        "(default: the CPUs this process may use, when more than one; 0: all in this process)")
    parser.add_argument(
        "--chunk-size", type=int, default=settings.chunk_size,
        help=f"rows read and classified at a time; bounds memory (default {settings.chunk_size})",
    )
    parser.add_argument("--encoding", default=None,
                        help="encoding of a legacy file (cp1252, latin-1, gbk, shift_jis, ...); "
                        "default UTF-8, or UTF-16 by its byte-order mark")
    parser.add_argument("--delimiter", default=None,
                        help="field delimiter: one character, or tab, comma, semicolon, pipe; "
                        "default: an Excel sep= line, else detected from the header line")
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
    args.patterns = args.patterns or args.patterns_json is not None
    if args.engine == "ray" and "-" in (args.input, args.output):
        parser.error("--engine ray reads files and writes a folder: - is not allowed")
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.processes is None:
        from pipeline import available_cpus

        args.processes = available_cpus() if available_cpus() > 1 else 0
    if args.processes < 0:
        parser.error("--processes must be 0 or more")
    return args


def open_input(path: str) -> BinaryIO:
    """The file at `path` (standard input for -) opened for binary reading; raises `InputError`."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None


def _pattern_summary(args: argparse.Namespace, header: Sequence[str]):
    """Mine the input's templates (a first pass over it) for the `--patterns` columns and JSON."""
    from patterns import KeyIndex, PatternSummary
    from template_miner import MinerConfig

    settings = Settings()
    with open_input(args.input) as source:
        reader = open_csv(source, encoding=args.encoding, delimiter=args.delimiter)
        index = KeyIndex(MinerConfig(max_clusters=settings.pattern_max_clusters),
                         max_line_chars=settings.max_line_chars).fit(reader, args.chunk_size)
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

    from pipeline import quiet_collector

    quiet = args.quiet or not sys.stderr.isatty()
    with open_input(args.input) as source, tqdm(
        unit=" rows", disable=quiet, file=sys.stderr, desc="classifying"
    ) as bar:
        reader = open_csv(source, encoding=args.encoding, delimiter=args.delimiter,
                          extra_columns=EXPLAIN_COLUMNS if args.explain else ())
        with ExitStack() as finish:
            quiet_collector()
            if args.processes:  # started first: the model loads while the patterns are mined
                from pipeline import parallel_classifier

                classifier, runner = finish.enter_context(parallel_classifier(Settings(), args.processes))
            else:
                classifier, runner = default_classifier(), None
            patterns = _pattern_summary(args, reader.header) if args.patterns else None
            options = dict(chunk_size=args.chunk_size, excel_safe_output=args.excel_safe,
                           progress=bar.update, patterns=patterns, runner=runner)
            if args.llm_answers:
                options["llm_answers"] = finish.enter_context(_written(Path(args.llm_answers)))
            if args.output == "-":
                summary = classifier.classify_csv(reader, sys.stdout, **options)
            else:
                with _written(Path(args.output)) as target:
                    summary = classifier.classify_csv(reader, target, **options)
    if args.patterns_json:
        with _written(Path(args.patterns_json)) as target:
            json.dump({**patterns.as_dict(), "summary": summary.as_dict()}, target, ensure_ascii=False)
    return summary


@contextmanager
def _written(final: Path) -> Iterator[TextIO]:
    """A text file that appears at `final` only when the block ends without an error.

    Written beside `final` and renamed, with the permissions a plain new file gets
    (0666 less the umask), not the temporary file's private 0600.
    """
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    except OSError as error:
        raise InputError(f"cannot write {final}: {error.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(handle, 0o666 & ~umask)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
            yield target
        os.replace(temporary, final)
    except BaseException:
        os.unlink(temporary)
        raise


def _run_ray(args: argparse.Namespace) -> Summary:
    from tqdm import tqdm

    try:
        import ray_engine
    except ModuleNotFoundError as error:
        raise RuntimeError(f"--engine ray needs Ray ({error}): pip install -r requirements-ray.txt") from None
    ray_engine.list_inputs(args.input)  # a wrong INPUT is told before Ray starts
    try:
        workers = ray_engine.connect(args.ray_address, args.workers)
        actors = ray_engine.start_labelers(Settings(), workers)
        with tqdm(unit=" rows", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr,
                  desc=f"classifying on {workers} Ray workers") as bar:
            summary, _ = ray_engine.classify_files(
                args.input, args.output, actors, chunk_size=args.chunk_size,
                explain=args.explain, excel_safe_output=args.excel_safe, progress=bar.update)
    finally:
        ray_engine.ray.shutdown()
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    summary, code = run_reported("classify.py", lambda: _run_ray(args) if args.engine == "ray"
                                 else _run(args), bad_input=(InputError, RulesError))
    if code != EXIT_OK:
        return code
    if not args.quiet:
        print(f"classify.py: {summary.rows} rows labeled: {dict(summary.labels)}; LLM: "
              f"{summary.llm.calls} calls, {summary.llm.prompt_tokens} prompt and "
              f"{summary.llm.completion_tokens} completion tokens, {summary.llm.cache_hits} "
              f"cache hits, {summary.llm_unlabeled} rows unlabeled", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
