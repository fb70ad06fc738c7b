"""Reading and writing the CSV files the service labels.

Input is read with the standard `csv` module in strict mode, in chunks, so a
file of any size streams through in bounded memory and every cell comes back
exactly as it was parsed. Every problem with the input is raised as
`InputError` with a message a person can act on.
"""

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

REQUIRED_COLUMNS = ("source", "log_message")
LABEL_COLUMN = "target_label"
EXPLAIN_COLUMNS = ("tier", "confidence")

# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

csv.field_size_limit(sys.maxsize)


class InputError(ValueError):
    """The input cannot be labeled as it is; the message says why and where."""


class RowLimitError(InputError):
    """The input has more rows than the service accepts."""


def open_text(binary: BinaryIO) -> TextIO:
    """Text view of an uploaded or opened file: UTF-8 (BOM optional) or UTF-16 with BOM."""
    if hasattr(binary, "peek"):  # a pipe (standard input) cannot seek back
        start = binary.peek(4)[:4]
    else:
        start = binary.read(4)
        binary.seek(0)
    encoding = next((name for bom, name in _BOMS if start.startswith(bom)), "utf-8-sig")
    return io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")


class CsvReader:
    """Header and data rows of a CSV file, checked as they are read."""

    def __init__(self, text: TextIO, extra_columns: tuple[str, ...] = (),
                 required: tuple[str, ...] = REQUIRED_COLUMNS, added: tuple[str, ...] | None = None):
        """`required`: columns the header must have; `added`: columns the answer adds, which the
        input must not have (default: `target_label` and `extra_columns`)."""
        self._reader = csv.reader(text, strict=True)
        self.extra_columns = extra_columns
        self.required = required
        self.added = (LABEL_COLUMN, *extra_columns) if added is None else added
        self.header = self._read_header()
        self.source_index = self.header.index("source") if "source" in self.header else None
        self.message_index = self.header.index("log_message")

    def _next(self) -> list[str] | None:
        try:
            row = next(self._reader, None)
        except UnicodeDecodeError as error:
            raise InputError(
                f"the file is not UTF-8 text: byte 0x{error.object[error.start]:02x} "
                f"near line {self._reader.line_num + 1} cannot be decoded; save it as UTF-8"
            ) from None
        except csv.Error as error:
            raise InputError(f"malformed CSV at line {self._reader.line_num}: {error}") from None
        if row is not None and any("\0" in cell for cell in row):
            raise InputError(
                f"line {self._reader.line_num} contains a NUL byte: "
                "is this a binary file or UTF-16 without a byte-order mark?"
            )
        return row

    def _read_header(self) -> list[str]:
        header = self._next()
        while header == []:
            header = self._next()
        if header is None:
            raise InputError(f"the file is empty: expected a CSV header with columns {','.join(self.required)}")
        missing = [name for name in self.required if name not in header]
        if missing:
            raise InputError(
                f"missing required column(s): {', '.join(missing)}; "
                f"the header has: {', '.join(header) or '(nothing)'}"
            )
        for name in set(header):
            if header.count(name) > 1 and name in (*REQUIRED_COLUMNS, *self.required):
                raise InputError(f"the header names column {name!r} more than once")
        for name in self.added:
            if name in header:
                raise InputError(
                    f"the input already has a column named {name!r}, which the answer adds; "
                    "rename or drop it"
                )
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
                    f"line {self._reader.line_num} has {len(row)} field(s) but the header has {width}"
                )
            count += 1
            if max_rows is not None and count > max_rows:
                raise RowLimitError(f"the file has more than {max_rows} rows, the limit (MAX_ROWS)")
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
    """Rows written one per line; a row with a carriage return in a cell is fully quoted.

    The standard writer quotes only the characters of its line terminator, so a
    bare CR would otherwise be written unquoted and read back as a line break.
    """

    def __init__(self, text: TextIO):
        self._minimal = csv.writer(text, lineterminator="\n")
        self._quoted = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: list[str]) -> None:
        writer = self._quoted if any("\r" in cell for cell in cells) else self._minimal
        writer.writerow(cells)
