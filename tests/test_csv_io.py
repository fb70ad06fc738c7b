"""Reading CSV files as spreadsheets and other tools save them; every failure an InputError with a line."""

import csv
import io
import time
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csv_io import CsvWriter, InputError, RowLimitError, open_csv


def read(data: bytes, **options) -> tuple[list[str], list[list[str]], str]:
    reader = open_csv(io.BytesIO(data), **options)
    rows = [row for chunk in reader.chunks(7) for row in chunk]
    return reader.header, rows, reader.delimiter


def error(data: bytes, **options) -> InputError:
    with pytest.raises(InputError) as caught:
        read(data, **options)
    return caught.value


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_excel_sep_hint_is_honoured_for_any_delimiter(delimiter):
    body = f"sep={delimiter}\nid{delimiter}source{delimiter}log_message\n1{delimiter}web{delimiter}a, b; c\n"
    if delimiter in ",;":
        body = body.replace("a, b; c", '"a, b; c"')
    header, rows, used = read(body.encode())
    assert used == delimiter
    assert header == ["id", "source", "log_message"] and rows == [["1", "web", "a, b; c"]]


def test_sep_hint_is_written_back_with_the_same_delimiter():
    reader = open_csv(io.BytesIO(b"sep=;\r\nsource;log_message\r\nweb;x\r\n"))
    out = io.StringIO()
    writer = CsvWriter(out, reader.delimiter, reader.sep_hint)
    writer.writeheader(reader.header + ["target_label"])
    assert out.getvalue() == "sep=;\nsource;log_message;target_label\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_found_from_the_header_line(delimiter):
    # The data would fool a counting sniffer: commas everywhere in the messages.
    rows = [["time", "source", "log_message"]] + [
        ["12:00", "web", "a, b, c, d; e"], ["12:01", "db", "x|y, z"]]
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    header, got, used = read(text.getvalue().encode())
    assert used == delimiter and [header, *got] == rows


def test_european_excel_export_semicolons_in_cp1252():
    data = "Source;Log_Message;Kommentar\r\nweb;Benutzer Jürgen hat sich angemeldet;€ 5,00\r\n"
    header, rows, used = read(data.encode("cp1252"), encoding="cp1252")
    assert used == ";" and header == ["Source", "Log_Message", "Kommentar"]
    assert rows == [["web", "Benutzer Jürgen hat sich angemeldet", "€ 5,00"]]


def test_excel_unicode_text_is_utf16_with_bom_and_tabs():
    data = "source\tlog_message\r\nweb\tUser 李 logged in\r\n".encode("utf-16")
    assert data.startswith(b"\xff\xfe")
    assert read(data)[1:] == ([["web", "User 李 logged in"]], "\t")
    big_endian = b"\xfe\xff" + "source\tlog_message\r\nweb\tok\r\n".encode("utf-16-be")
    assert read(big_endian)[1] == [["web", "ok"]]


@pytest.mark.parametrize("header", ["Source,Log_Message", " source , log_message ",
                                    "SOURCE,LOG_MESSAGE", "\tsource\t,log_message"])
def test_required_columns_ignore_case_and_surrounding_spaces(header):
    got_header, rows, _ = read(f"{header}\nweb,x\n".encode())
    assert ",".join(got_header) == header  # kept exactly as it came
    assert rows == [["web", "x"]]


def test_a_named_delimiter_wins_and_a_bad_one_is_refused():
    assert read(b"source|log_message\nweb|a,b\n", delimiter="|")[1] == [["web", "a,b"]]
    assert read(b"source\tlog_message\nweb\tx\n", delimiter="tab")[2] == "\t"
    assert read(b"sep=;\nsource,log_message\nweb,x\n", delimiter=",")[1] == [["web", "x"]]
    for bad in ["ab", '"', "\n"]:
        assert "delimiter must be one character" in str(error(b"source,log_message\n", delimiter=bad))


def test_missing_columns_name_the_header_and_the_delimiters_tried():
    problem = error(b"sep=,\nsource;log_message\nweb;x\n")
    assert problem.line == 2 and "line 2" in str(problem) and "source;log_message" in str(problem)
    problem = error(b"host,message\nweb,x\n")
    assert problem.line == 1 and "none of the delimiters" in str(problem)


def test_a_gbk_file_names_the_line_of_the_byte():
    data = "source,log_message\nweb,用户登录\n".encode("gbk")
    problem = error(data)
    assert problem.line == 2
    assert str(problem).startswith("the file is not UTF-8 text: byte 0xd3 on line 2 cannot be decoded")
    assert read(data, encoding="gbk")[1] == [["web", "用户登录"]]


def test_the_line_is_the_physical_line_not_the_decoders_read_ahead():
    lines = ["source,log_message"] + [f"web,line {n}" for n in range(2, 420)]
    lines[400] = "web,日志"  # line 401
    data = "\n".join(lines).encode("gbk") + b"\n"
    problem = error(data)
    assert problem.line == 401 and "on line 401" in str(problem)
    # Multi-line cells and bare CR line breaks count as the lines they are.
    data = b'source,log_message\r\nweb,"two\nlines"\rweb,\xff\n'
    assert error(data).line == 4
    # A byte far into a big file, past several read blocks.
    lines = ["source,log_message"] + [f"web,{'x' * 100} {n}" for n in range(2, 3001)]
    data = "\n".join(lines).encode() + b"\nweb,caf\xe9\n"
    assert error(data).line == 3001


@pytest.mark.parametrize("encoding, text", [("cp1252", "Café – €"), ("latin-1", "Ångström"),
                                            ("gbk", "用户登录"), ("shift_jis", "ログイン"),
                                            ("utf-16", "Zoë")])
def test_named_legacy_encodings(encoding, text):
    data = f"source,log_message\nweb,{text}\n".encode(encoding)
    assert read(data, encoding=encoding)[1] == [["web", text]]


def test_an_unknown_encoding_is_refused():
    assert "unknown encoding 'klingon'" in str(error(b"source,log_message\n", encoding="klingon"))
    assert "not a text encoding" in str(error(b"source,log_message\n", encoding="base64"))


def test_cells_come_back_identical_through_reader_and_writer():
    rows = [["source", "log_message", "note"], ["web", 'say "hi"\r\nthere', " padded "],
            ["db", "tab\there", "semi;colon|pipe"], ["x", "line\u2028sep\x0cff", ""]]
    for delimiter in [",", ";", "\t", "|"]:
        text = io.StringIO()
        writer = CsvWriter(text, delimiter)
        for row in rows:
            writer.writerow(row)
        header, got, _ = read(text.getvalue().encode())
        assert [header, *got] == rows, delimiter


# Fuzzing: whatever the bytes, the reader reads or raises InputError with a line number. ---------

LINE_NUMBER = re.compile(r"\bline \d+\b")
PIECES = st.sampled_from([b"source", b"log_message", b"Source ", b",", b";", b"\t", b"|", b'"', b"\n",
                          b"\r\n", b"\r", b"sep=", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                          b"\x00", b"\xe9", b"\xd3\xc3", b"x", b" ", b"target_label", b"tier"])


def check_reads_or_names_a_line(data: bytes, **options) -> None:
    try:
        reader = open_csv(io.BytesIO(data), **options)
        for chunk in reader.chunks(3, max_rows=50):
            assert all(len(row) == len(reader.header) for row in chunk)
    except InputError as problem:
        assert problem.line is not None and problem.line >= 1, str(problem)
        assert LINE_NUMBER.search(str(problem)), str(problem)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=40).map(b"".join),
       st.sampled_from([None, "utf-8", "cp1252", "gbk", "shift_jis", "utf-16", "latin-1", "utf-7",
                        "idna", "punycode", "unicode_escape", "utf-32", "cp037", "undefined"]),
       st.sampled_from([None, ",", ";", "tab", "|"]))
def test_fuzz_structured_pieces(data, encoding, delimiter):
    check_reads_or_names_a_line(data, encoding=encoding, delimiter=delimiter)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([None, "gbk", "utf-16", "shift_jis"]))
def test_fuzz_arbitrary_bytes(data, encoding):
    check_reads_or_names_a_line(b"source,log_message\n" + data, encoding=encoding)
    check_reads_or_names_a_line(data, encoding=encoding)


def test_a_long_line_without_breaks_is_read_in_linear_time():
    """A 2 MB line (32 blocks) with no line break: once quadratic (minutes), now well under a second."""
    from text_lines import TextLines

    body = b"source,log_message\r\na," + b"User logged in " * 140_000 + b"\r\nb,last\r"
    started = time.perf_counter()
    lines = list(TextLines(io.BytesIO(body)))
    assert time.perf_counter() - started < 2.0
    assert lines == ["source,log_message\r\n", body[20:-7].decode(), "b,last\r"]


@given(st.lists(st.sampled_from(["a", "\r", "\n", "\r\n", "\u2028", "\x0c", "\x85", "\x1c", "\x0b", "é"]),
                max_size=80), st.integers(1, 9))
def test_lines_break_at_cr_lf_and_crlf_only_across_blocks(pieces, block_bytes):
    """Lines end at \r\n, \r and \n and nowhere else, wherever the blocks read happen to end."""
    import re

    import text_lines

    text = "".join(pieces)
    expected = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)
    original = text_lines.BLOCK_BYTES
    text_lines.BLOCK_BYTES = block_bytes
    try:
        assert list(text_lines.TextLines(io.BytesIO(text.encode()))) == expected
    finally:
        text_lines.BLOCK_BYTES = original


# Chunks: full but the last, and a bad row named by the physical line it ends on. ---------------

def chunks_and_problem(data: bytes, chunk_size: int, max_rows: int | None = None):
    """The chunks read and the error that ended them, if any."""
    got = []
    try:
        for chunk in open_csv(io.BytesIO(data)).chunks(chunk_size, max_rows):
            got.append(chunk)
    except InputError as problem:
        return got, (type(problem), str(problem), problem.line)
    return got, None


# Lines 2-10 hold four rows whose cells span lines at \n, \r and \r\n, and two blank lines.
BEFORE = ['source,log_message\r\n',
          'web,"a\n', 'b"\r\n',            # row 1 ends on line 3
          '\r\n',                           # blank line 4
          'web,"c\r', 'd"\n',               # row 2 ends on line 6
          '\r',                             # blank line 7
          'web,"e\r\n', 'f\r', 'g"\r',      # row 3 ends on line 10
          'web,plain\n']                    # row 4, line 11
AFTER = ['web,"h\n', 'i"\n']                # a good row after the bad one


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 4, 5, 7, 100])  # the bad row 5th: first, last, inside
@pytest.mark.parametrize("bad, line, message", [
    (['web,"x\r', 'y",extra\n'], 13, "line 13 has 3 field(s) but the header has 2"),
    (['web,"x\r\n', 'y\0"\n'], 13, "line 13 contains a NUL byte"),
    (['only one cell\r\n'], 12, "line 12 has 1 field(s) but the header has 2"),
    (['"x\r', '","\n', 'y",extra\n'], 14, "line 14 has 3 field(s)"),  # a cell's \r, the next one's \n
    (['web,"x\n', '\n', 'y"z\n'], 14, "malformed CSV at line 14: ',' expected after '\"'"),
])
def test_a_bad_row_after_multi_line_cells_names_its_last_line(chunk_size, bad, line, message):
    data = "".join(BEFORE + bad + AFTER).encode()
    chunks, problem = chunks_and_problem(data, chunk_size)
    assert message in problem[1] and problem[2] == line
    assert sum(len(chunk) for chunk in chunks) == 4 // chunk_size * chunk_size


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 4, 5, 100])
def test_the_row_over_max_rows_names_its_last_line(chunk_size):
    data = "".join(BEFORE + ['web,"x\r', 'y"\r\n'] + AFTER).encode()
    chunks, problem = chunks_and_problem(data, chunk_size, max_rows=4)
    assert problem[0] is RowLimitError and problem[2] == 13
    assert str(problem[1]).endswith("the limit (MAX_ROWS); line 13 is one too many")
    assert chunks_and_problem(data, chunk_size, max_rows=5)[1][2] == 15
    assert chunks_and_problem(data, chunk_size, max_rows=6)[1] is None


def test_chunks_are_full_whatever_blank_lines_come_between():
    data = b"source,log_message\n" + b"".join(b"web,%d\n\r\n\n" % n for n in range(11)) + b"\n"
    for size in range(1, 13):
        chunks, problem = chunks_and_problem(data, size)
        assert problem is None
        assert [len(chunk) for chunk in chunks] == [size] * (11 // size) + [11 % size] * (11 % size > 0)
        assert [row for chunk in chunks for row in chunk] == [["web", str(n)] for n in range(11)]


def test_the_first_problem_wins_across_a_chunk_and_decode_blocks():
    lines = [f"web,{'x' * 90} {n}\n" for n in range(2000)]  # ~190 KB: 680 lines a decode block
    # A bad byte is found when its block is decoded, before the rows of that block are read.
    for bad_at, byte_at, first in [(5, 1500, "field(s)"), (1500, 700, "decoded"),
                                   (999, 1000, "decoded"), (1000, 999, "decoded")]:
        body = list(lines)
        body[bad_at] = "web,too,many\n"
        data = ("source,log_message\n" + "".join(body)).encode()
        cut = data.index(body[byte_at].encode())
        data = data[:cut] + b"\xff" + data[cut:]
        for chunk_size in [7, 500, 5000]:
            problem = chunks_and_problem(data, chunk_size)[1]
            assert first in problem[1] and problem[2] == (bad_at if first == "field(s)" else byte_at) + 2
    # A malformed row after a wrong-width one in the same chunk: the wrong width is named.
    data = b"source,log_message\na,b,c\nweb,\"x\"y\n"
    assert "line 2 has 3 field(s)" in chunks_and_problem(data, 10)[1][1]


def test_writerows_is_writerow_for_each_row():
    rows = [["web", "plain"], ["db", "line\nbreak"], ["x", "carriage\rreturn"], ["y", 'quote "q"'],
            ["z", "crlf\r\nin cell"], ["", ""]]
    for chunk in [rows, rows[:2] + rows[3:4], [rows[2]], []]:
        one_by_one, at_once = io.StringIO(), io.StringIO()
        for cells in chunk:
            CsvWriter(one_by_one, ";").writerow(cells)
        CsvWriter(at_once, ";").writerows(chunk)
        assert at_once.getvalue() == one_by_one.getvalue()
    out = io.StringIO()
    CsvWriter(out).writerows(rows)
    assert read(b"source,log_message\n" + out.getvalue().encode())[1] == rows


def test_rows_formatted_ahead_and_completed_are_the_rows_written_whole():
    rows = [["web", "plain"], ["db", "line\nbreak"], ["x", "carriage\rreturn"], ["y", 'quote "q"'],
            ["z", "crlf\r\nin cell"], ["", ""], ["a;b", " padded "]]
    added = [["Error"], ["User Action", "regex", "1.0"], ["Unclassified", "none", ""]]
    for delimiter in [",", ";", "\t", "|"]:
        for chunk in [rows, rows[:2], [rows[2]], []]:
            whole, ahead = io.StringIO(), io.StringIO()
            tails = [added[at % len(added)] for at in range(len(chunk))]
            CsvWriter(whole, delimiter).writerows([cells + tail for cells, tail in zip(chunk, tails)])
            writer = CsvWriter(ahead, delimiter)
            lines, quoted = writer.lines(chunk)
            writer.write_text(line + writer.continuation(tail, at in quoted) + "\n"
                              for at, (line, tail) in enumerate(zip(lines, tails)))
            assert ahead.getvalue() == whole.getvalue()
            assert quoted == {at for at, cells in enumerate(chunk) if "\r" in "".join(cells)}
