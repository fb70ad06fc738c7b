"""Physical lines of text decoded from a binary file, strictly, each decode error naming its line.

`TextLines(binary, encoding=None)` iterates the lines of an uploaded or opened
file, each with its line break (``\\r\\n``, ``\\r`` or ``\\n``; nothing else
breaks a line, so a cell's U+2028 or form feed stays inside its line), ready
for `csv.reader`. The encoding:

* given (`encoding=`, e.g. cp1252, latin-1, gbk, shift_jis, utf-16): that one;
  a byte-order mark of the same family is dropped;
* not given: UTF-8, or UTF-16 when the file starts with its byte-order mark; a
  UTF-8 byte-order mark is dropped.

Bytes that do not decode raise `UndecodableLine` naming the byte and the line a
spreadsheet or editor shows it on: 1 + the line breaks before the byte (the
decoder reads ahead in blocks; the count does not). The same code serves the
HTTP service and the command line, so both name the same line.
"""

import codecs
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

BLOCK_BYTES = 1 << 16
_BREAK = re.compile(r"\r\n|\r|\n")
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_AUTO_BOMS = ("utf-8", "utf-16-le", "utf-16-be")  # marks honoured when no encoding is named
# A family name and the byte-order-specific codecs its marks select.
_FAMILIES = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16", "utf-16-le": "utf-16",
             "utf-16-be": "utf-16", "utf-32": "utf-32", "utf-32-le": "utf-32", "utf-32-be": "utf-32"}
_DEFAULT_ORDER = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}


class UnknownEncoding(ValueError):
    """The encoding named is not a text encoding Python knows."""


class UndecodableLine(ValueError):
    """A byte that does not decode; `line` is its physical line (1-based)."""

    def __init__(self, byte: int | None, line: int, encoding: str, named: bool):
        self.byte, self.line, self.encoding, self.named = byte, line, encoding, named
        what = "a byte" if byte is None else f"byte 0x{byte:02x}"
        super().__init__(f"{what} on line {line} is not {encoding}")


def text_codec(name: str) -> str:
    """The canonical name of a text encoding; raises `UnknownEncoding`."""
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError):
        raise UnknownEncoding(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UnknownEncoding(f"{name!r} is not a text encoding")
    return info.name.replace("_", "-")


class TextLines:
    """Iterator of decoded lines (with their breaks) of a binary stream; see the module docstring."""

    def __init__(self, binary: BinaryIO, encoding: str | None = None):
        self._binary = binary
        self.named = encoding is not None
        codec = text_codec(encoding) if encoding is not None else "utf-8"
        family = _FAMILIES.get(codec) if self.named else None
        self.name = encoding.strip() if encoding is not None else "UTF-8"  # as the user knows it
        start = binary.read(4)
        for bom, by_bom in _BOMS:
            allowed = (_FAMILIES[by_bom] == family) if self.named else by_bom in _AUTO_BOMS
            if allowed and start.startswith(bom):
                codec, start = by_bom, start[len(bom):]
                break
        else:
            codec = _DEFAULT_ORDER.get(codec, codec)
        self.encoding = codec
        if not self.named:
            self.name = codec.upper()
        self._decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        self._pending = start
        self._carry = ""  # decoded text not yet yielded: a partial line
        self._lines_done = 0  # lines of the blocks before the one being decoded
        self._eof = False

    def __iter__(self) -> Iterator[str]:
        while not self._eof:
            lines = self._fill()
            yield from lines
            self._lines_done += len(lines)

    def _fill(self) -> list[str]:
        block = self._pending + self._binary.read(BLOCK_BYTES)
        self._pending = b""
        final = not block
        try:
            text = self._carry + self._decoder.decode(block, final=final)
        except UnicodeDecodeError as error:
            self._raise_at(error)
        except (UnicodeError, ValueError):  # codecs such as idna name no position
            line = self._lines_done + len(_BREAK.findall(self._carry)) + 1
            raise UndecodableLine(None, line, self.name, self.named) from None
        if final:
            self._eof = True
            self._carry = ""
            return [text] if text else []
        # Lines end at the last break that is complete (a final \r may yet get its \n); searching
        # only up to there keeps a long line without breaks linear, not quadratic, to read.
        stop = len(text) - 1 if text.endswith("\r") else len(text)
        end = max(text.rfind("\n", 0, stop), text.rfind("\r", 0, stop)) + 1
        self._carry = text[end:]
        # Lines with their breaks (\r\n, \r, \n and no other), split by C code: a third of the time
        # of a pattern; the text holds complete breaks only.
        return io.StringIO(text[:end], newline="").readlines()

    def _raise_at(self, error: UnicodeDecodeError):
        try:
            before = self._carry + error.object[:error.start].decode(self.encoding, errors="replace")
        except (UnicodeError, ValueError):
            before = self._carry
        line = self._lines_done + len(_BREAK.findall(before)) + 1
        raise UndecodableLine(error.object[error.start], line, self.name, self.named) from None
