"""Pattern summaries: a batch grouped by mined template, with what an operator asks of each group.

Per pattern: rows, share, rows per label and per source, up to three samples
(1-based data row numbers), the values seen at each variable position, and
when the CSV has a timestamp column, first/last seen and counts per time
bucket. Rows arrive chunk by chunk (`add`), so a file of any size is summarised
in bounded memory: value counters keep at most `max_values` entries (beyond
that the counts are approximate and say so), timestamps are kept at a
resolution that coarsens as needed.
"""

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, BinaryIO

from classify import Summary
from csv_io import CsvReader, InputError, column_key, open_csv
from log_templates import MAX_LINE_CHARS, template
from template_miner import OVERFLOW, MinerConfig, Pattern, TemplateMiner, is_variable, restore

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
MAX_TIME_CELLS = 200_000
MAX_STORED_VALUES = 500_000  # parameter values kept over all keys; beyond, each keeps its top KEPT_WHEN_FULL
KEPT_WHEN_FULL = 20  # (pattern, bucket) counts kept before the stored resolution coarsens


class BoundedCounter:
    """Counts of values, at most `limit` of them kept (the rarest dropped when full: approximate)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.counts: Counter = Counter()
        self.exact = True

    def add(self, value: str, count: int = 1) -> None:
        self.counts[value] += count
        self.prune()

    def prune(self) -> None:
        """Keep the `limit` most frequent values once more than twice that many are held."""
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
    first_seen: int | None = None
    last_seen: int | None = None
    times: Counter = field(default_factory=Counter)  # stored bucket start (epoch s) -> rows


def find_time_column(header: Sequence[str], requested: str | None) -> int | None:
    """Index of the timestamp column: `requested` (which must exist) or the first of TIME_COLUMNS.

    Names are matched as the required columns are: case and surrounding spaces ignored.
    """
    keys = [column_key(name) for name in header]
    if requested:
        if column_key(requested) not in keys:
            raise InputError(f"time_column {requested!r} is not in the header: {', '.join(header)}")
        return keys.index(column_key(requested))
    return next((keys.index(name) for name in TIME_COLUMNS if name in keys), None)


def parse_times(cells: Sequence[str]) -> list[int | None]:
    """Epoch seconds of ISO 8601 timestamps (no zone: UTC) or epoch seconds/milliseconds; None if neither."""
    import numpy as np
    import pandas as pd

    parsed = pd.to_datetime(pd.Series(cells, dtype="string"), format="ISO8601", utc=True, errors="coerce")
    as_seconds = parsed.dt.tz_localize(None).to_numpy("datetime64[s]")
    missing = np.isnat(as_seconds)
    seconds: list[int | None] = as_seconds.astype("int64").tolist()
    for i in np.flatnonzero(missing).tolist():
        seconds[i] = None
        try:
            number = float(cells[i])
        except ValueError:
            continue
        if number == number and abs(number) < 1e15:  # not NaN, not absurd
            seconds[i] = int(number / 1000 if abs(number) >= 1e11 else number)
    return seconds


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat().replace("+00:00", "Z")


class KeyIndex:
    """The first pass over a batch: each row's template key, the values behind its placeholders.

    Each distinct message of a chunk gets its template once (`log_templates.template`,
    lines read as the classifier with the same `max_line_chars` reads them); the
    miner is fitted on the keys; per key, the rows and the values seen at each
    placeholder word are counted. Rows of keys beyond `max_keys` go to the
    overflow pattern. Memory: 4 bytes per row plus the bounded per-key counts.
    """

    def __init__(self, config: MinerConfig = MinerConfig(), max_values: int = 500,
                 max_line_chars: int = MAX_LINE_CHARS):
        self.max_line_chars = max_line_chars
        self.miner = TemplateMiner(config)
        self.max_keys = config.max_keys
        self.max_values = max_values
        self.row_keys = array("i")
        self.keys: list[str] = []
        self.rows_of_key: list[int] = []
        self.values_of_key: list[dict[int, Counter]] = []  # per key: word position -> value counts
        self.pruned: set[tuple[int, int]] = set()  # (key, position) counts that dropped rare values
        self._id_of_key: dict[str, int] = {}

    def add(self, messages: Sequence[str]) -> None:
        """Index one chunk of messages (in file order)."""
        rows_of_message = Counter(messages)
        key_of_message: dict[str, int] = {}
        for message, rows in rows_of_message.items():
            key, masked = template(message, self.max_line_chars)
            key_id = self._id_of_key.get(key)
            if key_id is None:
                if len(self.keys) >= self.max_keys:
                    key_of_message[message] = -1
                    continue
                key_id = self._id_of_key[key] = len(self.keys)
                self.keys.append(key)
                self.rows_of_key.append(0)
                self.values_of_key.append({})
                self.miner.fit_keys((key,))
            key_of_message[message] = key_id
            self.rows_of_key[key_id] += rows
            if masked:
                counters = self.values_of_key[key_id]
                texts = restore(key, masked)
                for position, word in enumerate(key.split()):
                    if "<" in word:  # may hold a placeholder
                        counter = counters.get(position)
                        if counter is None:
                            counter = counters[position] = Counter()
                        counter[texts[position]] += rows
        self._prune(2 * self.max_values, self.max_values)
        if sum(len(c) for counters in self.values_of_key for c in counters.values()) > MAX_STORED_VALUES:
            self._prune(KEPT_WHEN_FULL, KEPT_WHEN_FULL)
        self.row_keys.extend(key_of_message[message] for message in messages)

    def _prune(self, above: int, keep: int) -> None:
        """Counts with more than `above` values keep their `keep` most frequent (once per chunk)."""
        for key_id, counters in enumerate(self.values_of_key):
            for position, counter in counters.items():
                if len(counter) > above:
                    counters[position] = Counter(dict(counter.most_common(keep)))
                    self.pruned.add((key_id, position))

    def fit(self, reader: CsvReader, chunk_size: int, max_rows: int | None = None) -> "KeyIndex":
        """Index every `log_message` of the reader's rows; raises `InputError`."""
        for chunk in reader.chunks(chunk_size, max_rows):
            self.add([row[reader.message_index] for row in chunk])
        return self

    def row_template_keys(self, start: int, stop: int) -> list[str | None]:
        """The template keys of rows start..stop-1 (0-based), None for rows past `max_keys`."""
        keys = self.keys
        return [keys[k] if k >= 0 else None for k in self.row_keys[start:stop]]

    def pattern_of_key(self, key_id: int) -> Pattern:
        return OVERFLOW if key_id < 0 else self.miner.pattern_of_key(self.keys[key_id])

    def parameters(self, pattern: Pattern, key_ids: Iterable[int]) -> dict[int, BoundedCounter]:
        """Values per variable word of `pattern`, merged over the keys that make it up."""
        tokens = pattern.template.split()
        variable = [p for p, token in enumerate(tokens) if is_variable(token)]
        merged: dict[int, BoundedCounter] = {}
        for key_id in key_ids:
            words = self.keys[key_id].split() if key_id >= 0 else ()
            if len(words) != len(tokens):
                continue  # the overflow pattern
            for position in variable:
                counter = merged.get(position)
                if counter is None:
                    counter = merged[position] = BoundedCounter(self.max_values)
                seen = self.values_of_key[key_id].get(position)
                if seen is None:
                    counter.add(words[position], self.rows_of_key[key_id])
                else:
                    counter.counts.update(seen)
                    counter.prune()
                    counter.exact = counter.exact and (key_id, position) not in self.pruned
        return merged


class PatternSummary:
    """The second pass: rows counted per pattern with their labels; `add` per chunk, then `as_dict`.

    `index` must already hold every row of the batch (`KeyIndex.fit`), so that
    pattern ids and templates are final when the first chunk arrives.
    """

    columns = PATTERN_COLUMNS

    def __init__(self, index: KeyIndex, header: Sequence[str], time_column: str | None = None):
        keys = [column_key(name) for name in header]
        for name in PATTERN_COLUMNS:
            if name in keys:
                raise InputError(f"the input already has a column named {name!r}, which patterns add; "
                                 "rename or drop it")
        self.index = index
        self.source_index = keys.index("source")
        self.message_index = keys.index("log_message")
        self.time_index = find_time_column(header, time_column)
        self.time_column = None if self.time_index is None else header[self.time_index]
        self.rows = 0
        self._keys_handed = 0  # rows whose keys `next_keys` handed out: reading may run ahead of `add`
        self.unparsed_times = 0
        self.resolution = 1  # seconds per stored time cell
        self._time_cells = 0
        self._groups: dict[Pattern, _Group] = {}
        self._keys_of: dict[Pattern, set[int]] = {}
        self._pattern_of_key: dict[int, Pattern] = {}
        self._sampled: set[Pattern] = set()  # patterns with all their samples

    def skip(self, rows: int) -> None:
        """Pass over the next `rows` rows without counting them (rows a resumed job wrote before)."""
        self.rows += rows
        self._keys_handed += rows

    def next_keys(self, rows: int, max_line_chars: int) -> list[str | None] | None:
        """The template keys of the `rows` rows read after those of the previous call, for
        `classify_batch(keys=)` (a reader may run chunks ahead of `add`, as the command line's
        parallel run does); None when the index read lines clipped to another `max_line_chars`
        than the classifier's."""
        start = self._keys_handed
        self._keys_handed += rows
        if max_line_chars != self.index.max_line_chars:
            return None
        return self.index.row_template_keys(start, start + rows)

    def add(self, chunk: Sequence[Sequence[str]], labels: Sequence[str]) -> list[Pattern]:
        """Count a chunk of CSV rows with their labels; the pattern of each row, in order."""
        if self.rows + len(chunk) > len(self.index.row_keys):
            raise ValueError("more rows than the key index was fitted on")
        key_ids = self.index.row_keys[self.rows:self.rows + len(chunk)]
        pattern_of = self._pattern_of_key
        for key_id in dict.fromkeys(key_ids):  # in order of first appearance: ids count up
            if key_id in pattern_of:
                continue
            pattern = pattern_of[key_id] = self.index.pattern_of_key(key_id)
            self._keys_of.setdefault(pattern, set()).add(key_id)
            if pattern not in self._groups:
                self._groups[pattern] = _Group(sources=BoundedCounter(self.index.max_values))
        found = [pattern_of[key_id] for key_id in key_ids]
        groups = self._groups
        sources = [row[self.source_index] for row in chunk]
        for (pattern, label, source), count in Counter(zip(found, labels, sources)).items():
            group = groups[pattern]
            group.count += count
            group.labels[label] += count
            group.sources.counts[source] += count
        for pattern in set(found):
            groups[pattern].sources.prune()
        sampled = self._sampled
        for i, pattern in enumerate(found):
            if pattern not in sampled:
                samples = groups[pattern].samples
                samples.append((self.rows + i + 1, chunk[i][self.message_index]))
                if len(samples) == SAMPLES:
                    sampled.add(pattern)
        if self.time_index is not None:
            times = parse_times([row[self.time_index] for row in chunk])
            for (pattern, epoch), count in Counter(zip(found, times)).items():
                self._add_time(groups[pattern], epoch, count)
        self.rows += len(chunk)
        return found

    def _add_time(self, group: _Group, epoch: int | None, count: int) -> None:
        if epoch is None:
            self.unparsed_times += count
            return
        group.first_seen = epoch if group.first_seen is None else min(group.first_seen, epoch)
        group.last_seen = epoch if group.last_seen is None else max(group.last_seen, epoch)
        cell = epoch - epoch % self.resolution
        if cell not in group.times:
            self._time_cells += 1
        group.times[cell] += count
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
                    for position, counter in sorted(
                        self.index.parameters(pattern, self._keys_of[pattern]).items())
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


def fit_upload(upload: BinaryIO, config: MinerConfig, chunk_size: int, max_rows: int | None, *,
               encoding: str | None = None, delimiter: str | None = None,
               max_line_chars: int = MAX_LINE_CHARS) -> KeyIndex:
    """The key index of an uploaded CSV (first pass), which is then rewound for the second pass.

    `encoding` and `delimiter` as `csv_io.open_csv` takes them; `max_line_chars` as the
    classifier's (so that its keys can be handed to it); raises `InputError`.
    """
    reader = open_csv(upload, encoding=encoding, delimiter=delimiter)
    index = KeyIndex(config, max_line_chars=max_line_chars).fit(reader, chunk_size, max_rows)
    upload.seek(0)
    return index


def summarize(classifier: "LogClassifier", reader: CsvReader, index: KeyIndex, *, chunk_size: int,
              max_rows: int | None = None, time_column: str | None = None) -> tuple[dict, Summary]:
    """Label the reader's rows with `classifier` and group them by the fitted `index` (second pass).

    The answer is `as_dict()` plus the label `Summary`; raises `InputError`.
    """
    patterns = PatternSummary(index, reader.header, time_column)
    summary = Summary()
    for chunk in reader.chunks(chunk_size, max_rows):
        keys = patterns.next_keys(len(chunk), classifier.max_line_chars)
        results = classifier.classify_batch([row[reader.source_index] for row in chunk],
                                            [row[reader.message_index] for row in chunk], summary, keys)
        patterns.add(chunk, [result.label for result in results])
    return patterns.as_dict(), summary
