"""Reading and writing the CSV files the service labels, as spreadsheets and other tools save them.

Input is read with the standard `csv` module in strict mode, in chunks, so a
file of any size streams through in bounded memory and every cell comes back
exactly as it was parsed. Every problem with the input is raised as
`InputError` with a message a person can act on and the `line` it is on.

What is accepted (`open_csv`):

* Encoding: UTF-8 (byte-order mark optional), UTF-16 with a byte-order mark
  (Excel's "Unicode text"), or any encoding named (`encoding=`: cp1252,
  latin-1, gbk, shift_jis, ...); see `text_lines`.
* Delimiter: named (`delimiter=`), else an Excel ``sep=X`` first line, else the
  first of ``,`` ``;`` tab ``|`` that splits the header line into cells holding
  both required columns (the header line is the one place whose content is
  known; a sniffer guessing from the data is not needed for that). The answer
  is written with the same delimiter, and with the ``sep=`` line when the input
  had one.
* Header: `source` and `log_message` matched ignoring case and surrounding
  spaces; the header is written back exactly as it came.
"""

import csv
import re
import sys
import types
from collections.abc import Iterable, Iterator
from itertools import chain, repeat
from operator import contains, itemgetter
from typing import BinaryIO, TextIO

from text_lines import TextLines, UndecodableLine, UnknownEncoding

REQUIRED_COLUMNS = ("source", "log_message")
LABEL_COLUMN = "target_label"
EXPLAIN_COLUMNS = ("tier", "confidence")
DELIMITERS = (",", ";", "\t", "|")  # tried in this order on the header line
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}

# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_SEP_HINT = re.compile(r"sep=([^\r\n\"\0])(?:\r\n|\r|\n)?\Z", re.IGNORECASE)
_BLANK = re.compile(r"[\r\n]*\Z")

csv.field_size_limit(sys.maxsize)


class InputError(ValueError):
    """The input cannot be labeled as it is; the message says why and, for content, `line`."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class RowLimitError(InputError):
    """The input has more rows than the service accepts."""


def column_key(name: str) -> str:
    """A header cell as it is matched: case and surrounding spaces ignored."""
    return name.strip().lower()


def parse_delimiter(value: str | None) -> str | None:
    """One delimiter character from `delimiter=` ('tab', '\\t', ';', ...); raises `InputError`."""
    if value is None or value == "":
        return None
    delimiter = DELIMITER_NAMES.get(value.strip().lower(), value)
    if len(delimiter) != 1 or delimiter in "\"\r\n\0":
        raise InputError(f"delimiter must be one character other than a quote or a line break "
                         f"(or tab, comma, semicolon, pipe); got {value!r}")
    return delimiter


def open_csv(binary: BinaryIO, *, encoding: str | None = None, delimiter: str | None = None,
             extra_columns: tuple[str, ...] = (), required: tuple[str, ...] = REQUIRED_COLUMNS,
             added: tuple[str, ...] | None = None) -> "CsvReader":
    """A `CsvReader` over an uploaded or opened binary file; raises `InputError`.

    `encoding`: a Python codec name (None: UTF-8, or UTF-16 by its byte-order mark);
    `delimiter`: one character or a name (None: detected as the module docstring says);
    `required` and `added`: see `CsvReader`.
    """
    try:
        lines = TextLines(binary, encoding)
    except UnknownEncoding as error:
        raise InputError(f"{error}; give a Python codec name such as cp1252, latin-1, gbk, "
                         "shift_jis or utf-16") from None
    return CsvReader(lines, extra_columns=extra_columns, delimiter=parse_delimiter(delimiter),
                     required=required, added=added)


class CsvReader:
    """Header and data rows of a CSV file, checked as they are read.

    `lines`: text lines with their breaks (a `TextLines`, or any text file opened
    with newline=''). `delimiter`: None to detect it. `required`: the columns the
    header must have (`source_index` is None when `source` is not among them and
    absent); `added`: the columns the answer adds, which the input must not have
    (default: `target_label` and `extra_columns`).
    """

    def __init__(self, lines, extra_columns: tuple[str, ...] = (), delimiter: str | None = None,
                 required: tuple[str, ...] = REQUIRED_COLUMNS, added: tuple[str, ...] | None = None):
        self._source = self._decoded(lines)
        self.extra_columns = extra_columns
        self.required = required
        self.added = (LABEL_COLUMN, *extra_columns) if added is None else added
        self._line = 0  # physical lines consumed before the reader's own count
        self.sep_hint = False
        self.detected = delimiter is None
        first = self._first_line()
        if first is not None and (hint := _SEP_HINT.match(first)):
            self.sep_hint = True
            self.delimiter = delimiter or hint.group(1)
            self.detected = False
            self._line += 1
            first = self._first_line()
        else:
            self.delimiter = delimiter or self._detect(first)
        self._reader = csv.reader(chain([first] if first is not None else [], self._source),
                                  delimiter=self.delimiter, strict=True)
        self.header = self._read_header(extra_columns)
        keys = [column_key(name) for name in self.header]
        self.source_index = keys.index("source") if "source" in keys else None
        self.message_index = keys.index("log_message")

    @property
    def line_num(self) -> int:
        """The physical line the last row read ended on."""
        return self._line + self._reader.line_num

    @staticmethod
    def _decoded(lines) -> Iterator[str]:
        try:
            yield from lines
        except UndecodableLine as error:
            hint = ("" if error.named else "; save it as UTF-8, or name its encoding "
                    "(encoding=cp1252, latin-1, gbk, shift_jis, ...)")
            what = "a byte" if error.byte is None else f"byte 0x{error.byte:02x}"
            raise InputError(f"the file is not {error.encoding} text: {what} on line {error.line} "
                             f"cannot be decoded{hint}", error.line) from None

    def _first_line(self) -> str | None:
        """The next line that is not blank, counted in `_line`; None at the end."""
        for line in self._source:
            self._line += 1
            if not _BLANK.match(line):
                self._line -= 1  # the csv reader counts this one
                return line
        return None

    def _detect(self, header_line: str | None) -> str:
        if header_line is None:
            return ","
        for delimiter in DELIMITERS:
            try:
                cells = next(csv.reader([header_line], delimiter=delimiter), [])
            except csv.Error:
                continue
            if set(self.required) <= {column_key(cell) for cell in cells}:
                return delimiter
        return ","

    def _next(self) -> list[str] | None:
        try:
            row = next(self._reader, None)
        except csv.Error as error:
            raise InputError(f"malformed CSV at line {self.line_num}: {error}", self.line_num) from None
        if row is not None and "\0" in "".join(row):  # one scan of the row, no generator
            raise InputError(
                f"line {self.line_num} contains a NUL byte: "
                "is this a binary file or UTF-16 without a byte-order mark?", self.line_num)
        return row

    def _read_header(self, extra_columns: tuple[str, ...]) -> list[str]:
        header = self._next()
        while header == []:
            header = self._next()
        line = max(1, self.line_num)
        if header is None:
            raise InputError("the file is empty: expected a CSV header with columns "
                             f"{','.join(self.required)} (line 1)", 1)
        keys = [column_key(name) for name in header]
        missing = [name for name in self.required if name not in keys]
        if missing:
            shown = self.delimiter if self.delimiter != "\t" else "tab"
            tried = ("; none of the delimiters , ; tab | yields both (give delimiter= if it is "
                     "another)") if self.detected else ""
            raise InputError(
                f"missing required column(s): {', '.join(missing)}; the header (line {line}, "
                f"split at {shown!r}) has: {', '.join(header) or '(nothing)'}{tried}", line)
        for name in dict.fromkeys((*REQUIRED_COLUMNS, *self.required)):
            if keys.count(name) > 1:
                raise InputError(f"the header (line {line}) names column {name!r} more than once", line)
        for name in self.added:
            if name in keys:
                raise InputError(
                    f"the input already has a column named {name!r} (line {line}), which the "
                    "answer adds; rename or drop it", line)
        return header

    def chunks(self, chunk_size: int, max_rows: int | None = None) -> Iterator[list[list[str]]]:
        """Lists of at most `chunk_size` rows; blank lines are skipped."""
        chunk: list[list[str]] = []
        count = 0
        width = len(self.header)
        while (row := self._next()) is not None:
            if not row:
                continue
            if len(row) != width:
                raise InputError(
                    f"line {self.line_num} has {len(row)} field(s) but the header has {width}",
                    self.line_num)
            count += 1
            if max_rows is not None and count > max_rows:
                raise RowLimitError(f"the file has more than {max_rows} rows, the limit (MAX_ROWS); "
                                    f"line {self.line_num} is one too many", self.line_num)
            chunk.append(row)
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def excel_safe(cell: str) -> str:
    """The cell with a leading quote if a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


class CsvWriter:
    """Rows written one per line, the header after a ``sep=`` line when asked; a row with a
    carriage return in a cell is fully quoted.

    The standard writer quotes only the characters of its line terminator, so a
    bare CR would otherwise be written unquoted and read back as a line break.
    """

    def __init__(self, text: TextIO, delimiter: str = ",", sep_hint: bool = False):
        self._text = text
        self._delimiter = delimiter
        self._sep_line = f"sep={delimiter}\n" if sep_hint else ""
        self._minimal = csv.writer(text, delimiter=delimiter, lineterminator="\n")
        self._quoted = csv.writer(text, delimiter=delimiter, lineterminator="\n",
                                  quoting=csv.QUOTE_ALL)
        # The same writers into no file: their `writerow` gives the line back (see `lines`).
        self._minimal_line = csv.writer(_LINE_BACK, delimiter=delimiter, lineterminator="\n")
        self._quoted_line = csv.writer(_LINE_BACK, delimiter=delimiter, lineterminator="\n",
                                       quoting=csv.QUOTE_ALL)

    def writeheader(self, cells: list[str]) -> None:
        """The header row, after the ``sep=`` line when the writer was asked for one."""
        self._text.write(self._sep_line)
        self.writerow(cells)

    def writerow(self, cells: list[str]) -> None:
        writer = self._quoted if any("\r" in cell for cell in cells) else self._minimal
        writer.writerow(cells)

    def writerows(self, rows: list[list[str]]) -> None:
        """`writerow` for each row (of str cells), in order: their `lines`, written at once."""
        lines, _ = self.lines(rows)
        self.write_text(chain.from_iterable(zip(lines, repeat("\n"))))

    def lines(self, rows: list[list[str]]) -> tuple[list[str], frozenset[int]]:
        """Rows formatted now, to be written later with more cells (`continuation`, `write_text`):
        each row as `writerow` writes it less its line end, and the indexes of the rows fully
        quoted (those with a carriage return), whose added cells must be quoted too.

        The command line formats rows while it waits for the model, so that writing them is a join.
        Rows without a carriage return (almost all) are looked for and formatted in C.
        """
        if not any(map(contains, map("".join, rows), repeat("\r"))):
            return list(map(_LESS_LINE_END, map(self._minimal_line.writerow, rows))), frozenset()
        quoted = frozenset(at for at, cells in enumerate(rows) if "\r" in "\n".join(cells))
        return [_LESS_LINE_END((self._quoted_line if at in quoted else self._minimal_line).writerow(cells))
                for at, cells in enumerate(rows)], quoted

    def continuation(self, cells: list[str], quoted: bool = False) -> str:
        """`cells` as they follow a row's own cells on its line (from the delimiter on), quoted as a
        row with a carriage return is. The row's quoting was decided by its own cells, so `cells`
        must hold no carriage return; and not one empty cell alone (written ``""``, not empty)."""
        return self._delimiter + _LESS_LINE_END((self._quoted_line if quoted else self._minimal_line).writerow(cells))

    def write_text(self, parts: Iterable[str]) -> None:
        """Formatted text (lines of `lines` and `continuation`, and line ends), written as it is."""
        self._text.write("".join(parts))


_LINE_BACK = types.SimpleNamespace(write=str)  # a "file" whose write returns the line it is given
_LESS_LINE_END = itemgetter(slice(None, -1))
