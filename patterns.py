"""Pattern summaries: a batch grouped by mined template, with what an operator asks of each group.

Per pattern: rows, share, rows per label and per source, up to three samples
(1-based data row numbers), the values seen at each variable position, and
when the CSV has a timestamp column, first/last seen and counts per time
bucket. Rows arrive chunk by chunk (`add`), so a file of any size is summarised
in bounded memory: value counters keep at most `max_values` entries (beyond
that the counts are approximate and say so), timestamps are kept at a
resolution that coarsens as needed.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from typing import TYPE_CHECKING, BinaryIO

from classify import Summary
from csv_io import CsvReader, InputError, open_text
from template_miner import MinerConfig, Pattern, TemplateMiner, parameters

if TYPE_CHECKING:
    from classify import LogClassifier

PATTERN_COLUMNS = ("pattern_id", "template")
TIME_COLUMNS = ("timestamp", "time", "@timestamp", "date")
SAMPLES = 3
TOP_VALUES = 5
MAX_BUCKETS = 60
# Bucket widths a timeline may use, in seconds: 1 s to 30 days.
BUCKET_WIDTHS = (1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600,
                 86_400, 7 * 86_400, 30 * 86_400)
MAX_TIME_CELLS = 200_000  # (pattern, bucket) counts kept before the stored resolution coarsens


class BoundedCounter:
    """Counts of values, at most `limit` of them kept (the rarest dropped when full: approximate)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.counts: Counter = Counter()
        self.exact = True

    def add(self, value: str, count: int = 1) -> None:
        self.counts[value] += count
        if len(self.counts) > 2 * self.limit:
            self.counts = Counter(dict(self.counts.most_common(self.limit)))
            self.exact = False

    def top(self, n: int) -> list[tuple[str, int]]:
        return self.counts.most_common(n)


@dataclass
class _Group:
    count: int = 0
    labels: Counter = field(default_factory=Counter)
    sources: BoundedCounter = None
    samples: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # token position -> BoundedCounter
    first_seen: int | None = None
    last_seen: int | None = None
    times: Counter = field(default_factory=Counter)  # stored bucket start (epoch s) -> rows


def find_time_column(header: Sequence[str], requested: str | None) -> int | None:
    """Index of the timestamp column: `requested` (which must exist) or the first of TIME_COLUMNS."""
    if requested:
        if requested not in header:
            raise InputError(f"time_column {requested!r} is not in the header: {', '.join(header)}")
        return header.index(requested)
    return next((header.index(name) for name in TIME_COLUMNS if name in header), None)


def parse_times(cells: Sequence[str]) -> list[int | None]:
    """Epoch seconds of ISO 8601 timestamps (no zone: UTC) or epoch seconds/milliseconds; None if neither."""
    import pandas as pd

    parsed = pd.to_datetime(pd.Series(cells, dtype="string"), format="ISO8601", utc=True, errors="coerce")
    seconds = [None if pd.isna(value) else int(value.timestamp()) for value in parsed]
    for i, cell in enumerate(cells):
        if seconds[i] is None:
            try:
                number = float(cell)
            except ValueError:
                continue
            if number == number and abs(number) < 1e15:  # not NaN, not absurd
                seconds[i] = int(number / 1000 if abs(number) >= 1e11 else number)
    return seconds


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat().replace("+00:00", "Z")


class PatternSummary:
    """Accumulates a batch's rows into patterns; `add` per chunk, then `as_dict`.

    `miner` must already have been fitted on every message of the batch, so
    that pattern ids and templates are final when the first chunk arrives.
    """

    columns = PATTERN_COLUMNS

    def __init__(self, miner: TemplateMiner, header: Sequence[str], time_column: str | None = None,
                 max_values: int = 1_000):
        for name in PATTERN_COLUMNS:
            if name in header:
                raise InputError(f"the input already has a column named {name!r}, which patterns add; "
                                 "rename or drop it")
        self.miner = miner
        self.source_index = header.index("source")
        self.message_index = header.index("log_message")
        self.time_index = find_time_column(header, time_column)
        self.time_column = None if self.time_index is None else header[self.time_index]
        self.max_values = max_values
        self.rows = 0
        self.unparsed_times = 0
        self.resolution = 1  # seconds per stored time cell
        self._time_cells = 0
        self._groups: dict[Pattern, _Group] = {}

    def add(self, chunk: Sequence[Sequence[str]], labels: Sequence[str]) -> list[Pattern]:
        """Count a chunk of CSV rows with their labels; the pattern of each row, in order."""
        messages = [row[self.message_index] for row in chunk]
        found = self.miner.predict(messages)
        times = parse_times([row[self.time_index] for row in chunk]) if self.time_index is not None else None
        per_message: dict[tuple[Pattern, str], int] = Counter()
        for i, (row, pattern, label) in enumerate(zip(chunk, found, labels)):
            group = self._groups.get(pattern)
            if group is None:
                group = self._groups[pattern] = _Group(sources=BoundedCounter(self.max_values))
            group.count += 1
            group.labels[label] += 1
            group.sources.add(row[self.source_index])
            if len(group.samples) < SAMPLES:
                group.samples.append((self.rows + i + 1, messages[i]))
            per_message[pattern, messages[i]] += 1
            if times is not None:
                self._add_time(group, times[i])
        for (pattern, message), count in per_message.items():
            group = self._groups[pattern]
            for position, value in parameters(pattern.template, message) or ():
                counter = group.values.get(position)
                if counter is None:
                    counter = group.values[position] = BoundedCounter(self.max_values)
                counter.add(value, count)
        self.rows += len(chunk)
        return found

    def _add_time(self, group: _Group, epoch: int | None) -> None:
        if epoch is None:
            self.unparsed_times += 1
            return
        group.first_seen = epoch if group.first_seen is None else min(group.first_seen, epoch)
        group.last_seen = epoch if group.last_seen is None else max(group.last_seen, epoch)
        cell = epoch - epoch % self.resolution
        if cell not in group.times:
            self._time_cells += 1
        group.times[cell] += 1
        while self._time_cells > MAX_TIME_CELLS:  # rare: coarsen every pattern's cells
            self.resolution = next((w for w in BUCKET_WIDTHS if w > self.resolution), self.resolution * 2)
            self._time_cells = 0
            for other in self._groups.values():
                coarse: Counter = Counter()
                for start, count in other.times.items():
                    coarse[start - start % self.resolution] += count
                other.times = coarse
                self._time_cells += len(coarse)

    def _timeline(self) -> dict | None:
        seen = [g for g in self._groups.values() if g.first_seen is not None]
        if self.time_index is None:
            return None
        if not seen:
            return {"column": self.time_column, "bucket_seconds": None, "start": None, "buckets": 0,
                    "unparsed": self.unparsed_times}
        first = min(g.first_seen for g in seen)
        last = max(g.last_seen for g in seen)
        width = next((w for w in BUCKET_WIDTHS if w >= self.resolution and (last - first) // w < MAX_BUCKETS),
                     BUCKET_WIDTHS[-1])
        start = first - first % width
        return {"column": self.time_column, "bucket_seconds": width, "start": _iso(start),
                "buckets": (last - start) // width + 1, "unparsed": self.unparsed_times}

    def as_dict(self) -> dict:
        """`rows`, `time` (None without a timestamp column) and `patterns` sorted by count, then id."""
        time = self._timeline()
        patterns = []
        for pattern, group in sorted(self._groups.items(), key=lambda item: (-item[1].count, item[0].id)):
            entry = {
                "id": pattern.id,
                "template": pattern.template,
                "count": group.count,
                "share": round(group.count / self.rows, 6),
                "labels": dict(group.labels.most_common()),
                "sources": dict(group.sources.top(len(group.sources.counts))),
                "samples": [{"row": row, "log_message": message} for row, message in group.samples],
                "parameters": [
                    {"position": position, "distinct": len(counter.counts), "exact": counter.exact,
                     "top": [{"value": value, "count": count} for value, count in counter.top(TOP_VALUES)]}
                    for position, counter in sorted(group.values.items())
                ],
                "first_seen": None, "last_seen": None, "timeline": None,
            }
            if time is not None and time["bucket_seconds"]:
                width, start = time["bucket_seconds"], _timeline_start(time)
                counts = [0] * time["buckets"]
                for cell, count in group.times.items():
                    counts[min(max((cell - start) // width, 0), len(counts) - 1)] += count
                entry["timeline"] = counts
                if group.first_seen is not None:
                    entry["first_seen"], entry["last_seen"] = _iso(group.first_seen), _iso(group.last_seen)
            patterns.append(entry)
        return {"rows": self.rows, "time": time, "patterns": patterns}


def _timeline_start(time: dict) -> int:
    return int(datetime.fromisoformat(time["start"].replace("Z", "+00:00")).timestamp())


def fit_miner(reader: CsvReader, config: MinerConfig, chunk_size: int,
              max_rows: int | None = None) -> TemplateMiner:
    """A miner fitted on every `log_message` of the reader's rows (the first of two passes)."""
    miner = TemplateMiner(config)
    for chunk in reader.chunks(chunk_size, max_rows):
        miner.fit([row[reader.message_index] for row in chunk])
    return miner


def fit_upload(upload: BinaryIO, config: MinerConfig, chunk_size: int, max_rows: int | None) -> TemplateMiner:
    """A miner fitted on an uploaded CSV, which is then rewound for the second pass."""
    text = open_text(upload)
    try:
        miner = fit_miner(CsvReader(text), config, chunk_size, max_rows)
    finally:
        text.detach()
    upload.seek(0)
    return miner


def summarize(classifier: "LogClassifier", reader: CsvReader, miner: TemplateMiner, *, chunk_size: int,
              max_rows: int | None = None, time_column: str | None = None) -> tuple[dict, Summary]:
    """Label the reader's rows with `classifier` and group them with the fitted `miner`.

    The answer is `as_dict()` plus the label `Summary`; raises `InputError`.
    """
    patterns = PatternSummary(miner, reader.header, time_column)
    summary = Summary()
    for chunk in reader.chunks(chunk_size, max_rows):
        results = classifier.classify_batch([row[reader.source_index] for row in chunk],
                                            [row[reader.message_index] for row in chunk], summary)
        patterns.add(chunk, [result.label for result in results])
    return patterns.as_dict(), summary
