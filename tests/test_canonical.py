"""The canonical view: each wrapper rule, multi-line headlines, and — through the real classifier —
the same label for a line with and without its wrapper, with the returned cell left byte-identical."""

import csv
import io
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canonical import ESCAPE_RULES, HEADLINE_RULES, PREFIX_RULES, Canonical, canonical, headline
from csv_io import CsvReader, CsvWriter

ESC = "\x1b"
PLAIN_ERROR = "Failed to connect to cache sessions-redis: connection reset"

# wrapped line -> (level, message, text)
VIEWS = {
    f"{ESC}[32mINFO{ESC}[0m User User917 logged out.":
        ("INFO", "User User917 logged out.", "INFO User User917 logged out."),
    f"{ESC}]0;build{ESC}\\{ESC}[1;31mERROR{ESC}[0m{ESC}(B Payment failed":
        ("ERROR", "Payment failed", "ERROR Payment failed"),
    "<86>Jun 12 11:04:30 gw02 sshd[7322]: Accepted publickey for ci-runner":
        ("", "sshd[7322]: Accepted publickey for ci-runner", "sshd[7322]: Accepted publickey for ci-runner"),
    "<13>backup finished": ("", "backup finished", "backup finished"),
    '<165>1 2003-10-11T22:14:15.003Z host.example.com evntslog 4121 ID47 [ex@32473 iut="3" e="]"] '
    "Application event": ("", "evntslog[4121]: Application event", "evntslog[4121]: Application event"),
    "<34>1 2003-10-11T22:14:15.003Z host - - - - disk replaced":
        ("", "disk replaced", "disk replaced"),
    '{"log":"2025-01-01T00:00:00Z ERROR ' + PLAIN_ERROR + '\\n","stream":"stderr",'
    '"time":"2025-01-01T00:00:00.1Z"}': ("ERROR", PLAIN_ERROR, "ERROR " + PLAIN_ERROR),
    "2023-10-06T00:17:09.669794202Z stdout F WARN Disk usage at 93%":
        ("WARN", "Disk usage at 93%", "WARN Disk usage at 93%"),
    '{"level":"error","ts":1717000000,"caller":"db/pool.go:88","msg":"query failed",'
    '"err":"context canceled","table":"orders"}':
        ("ERROR", "query failed", 'ERROR query failed err="context canceled" table=orders'),
    '{"level":60,"pid":5682,"hostname":"w-36","msg":"data directory is corrupted"}':
        ("FATAL", "data directory is corrupted", "FATAL data directory is corrupted"),
    '{"s":"F","c":"STORAGE","msg":"WiredTiger error"}':
        ("FATAL", "WiredTiger error", "FATAL WiredTiger error c=STORAGE"),
    '{"severity":"banana","message":"hello"}': ("", "hello", "hello"),
    'time=2025-03-01T10:00:00Z level=warning msg="retrying \\"upload\\"" attempt=3':
        ("WARN", 'retrying "upload"', 'WARN retrying "upload" attempt=3'),
    "level=info method=GET path=/api status=503 duration=12ms":
        ("INFO", "method=GET path=/api status=503 duration=12ms",
         "INFO method=GET path=/api status=503 duration=12ms"),
    "2025-03-01T10:00:00Z info: user dana changed notification preferences":
        ("INFO", "user dana changed notification preferences", "INFO user dana changed notification preferences"),
    "[2024-03-12 14:41:02,001] [warn] - cache nearly full": ("WARN", "cache nearly full", "WARN cache nearly full"),
    "fatal: Write failed: Connection reset by peer":
        ("FATAL", "Write failed: Connection reset by peer", "FATAL Write failed: Connection reset by peer"),
    # Not wrappers: left as they are.
    "Error connecting to db-3": ("", "Error connecting to db-3", "Error connecting to db-3"),
    "INFORMATION_SCHEMA query slow": ("", "INFORMATION_SCHEMA query slow", "INFORMATION_SCHEMA query slow"),
    "{not json": ("", "{not json", "{not json"),
    '{"AlarmName":"cpu-high","NewStateValue":"ALARM"}':
        ("", '{"AlarmName":"cpu-high","NewStateValue":"ALARM"}', '{"AlarmName":"cpu-high","NewStateValue":"ALARM"}'),
    "nova.compute [req-1] Final resource view: name=cp-1 phys_ram=64386MB":
        ("", "nova.compute [req-1] Final resource view: name=cp-1 phys_ram=64386MB",
         "nova.compute [req-1] Final resource view: name=cp-1 phys_ram=64386MB"),
    "  spaced   out\ttext ": ("", "spaced out text", "spaced out text"),
    "": ("", "", ""),
}

JAVA = ("2025-03-14 09:12:44,118 ERROR [pool-3-thread-7] c.acme.InvoiceJob - Invoice run failed\n"
        'java.lang.NullPointerException: Cannot invoke "String.length()"\n'
        "\tat com.acme.InvoiceJob.render(InvoiceJob.java:88)\n"
        "Caused by: java.io.IOException: closed\n")
PYTHON = ('Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    main()\n'
          "KeyError: 'user'\n\nDuring handling of the above exception, another exception occurred:\n\n"
          'Traceback (most recent call last):\n  File "app.py", line 5\nValueError: bad user\n')
GO = ("panic: runtime error: invalid memory address or nil pointer dereference\n"
      "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a]\n\ngoroutine 1 [running]:\n"
      "main.main()\n\t/app/main.go:12 +0x1d\n")


def test_tables_are_well_formed():
    for table in (ESCAPE_RULES, PREFIX_RULES, HEADLINE_RULES):
        names = [rule.name for rule in table]
        assert len(names) == len(set(names)) and all(name.isidentifier() for name in names)
    assert {rule.pick for rule in HEADLINE_RULES} <= {"first", "last"}


@pytest.mark.parametrize("line", list(VIEWS))
def test_views(line):
    assert canonical(line) == Canonical(*VIEWS[line])


@pytest.mark.parametrize(("record", "expected"), [
    (JAVA, "2025-03-14 09:12:44,118 ERROR [pool-3-thread-7] c.acme.InvoiceJob - Invoice run failed "
           'java.lang.NullPointerException: Cannot invoke "String.length()"'),
    (PYTHON, "ValueError: bad user"),
    ("ERROR in app: Exception on /x [GET]\n" + PYTHON, "ERROR in app: Exception on /x [GET] ValueError: bad user"),
    (GO, "panic: runtime error: invalid memory address or nil pointer dereference"),
    ("<--- Last few GCs --->\n\n[1:0x5a1b2c0]   812341 ms: Mark-Compact 4043.2 -> 4028.9 MB\n\n"
     "<--- JS stacktrace --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap "
     "out of memory\n 1: 0xb7a940 node::Abort() [node]\n",
     "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"),
    ("one line only", "one line only"),
    ("\n\n  first\r\nsecond\n", "first"),
])
def test_headlines(record, expected):
    assert headline(record) == expected


def test_multi_line_record_inside_json_and_ansi():
    record = '{"level":"error","msg":"' + PYTHON.replace("\n", "\\n").replace('"', '\\"') + '"}'
    assert canonical(record) == Canonical("ERROR", "ValueError: bad user", "ERROR ValueError: bad user")
    assert canonical(f"{ESC}[31m{JAVA}{ESC}[0m").level == "ERROR"


def test_hostile_lines_stay_cheap():
    lines = ["a=" * 20_000 + " x", "{" * 20_000, "<1>" * 5_000, f"{ESC}[" * 10_000, "x\n" * 20_000,
             "INFO " * 5_000 + "\n" + "java.lang.X: y\n" * 5_000,
             '{"msg":' + "[" * 4_000 + "]" * 4_000 + "}", 'k="' + "\\" * 20_000 + ' x']
    started = time.perf_counter()
    for line in lines:
        canonical(line)
    assert time.perf_counter() - started < 2.0


wrapper_bits = st.sampled_from([ESC, "[", "]", "{", "}", '"', "=", ":", "<13>", "\n", "\t", " ", "level",
                                 "msg", "ERROR", "Jun 12 11:02:41 h ", "2025-03-04T02:20:00Z ", "\\"])


@given(st.lists(st.one_of(wrapper_bits, st.text(max_size=8)), max_size=30).map("".join))
def test_any_text_gets_a_single_line_view(line):
    view = canonical(line)
    for part in view:
        assert isinstance(part, str) and "\n" not in part and "\r" not in part
        assert part == " ".join(part.split())


# Through the real classifier -------------------------------------------------------------------

# (wrapped, plain twin): the twin is the line as it reads without the wrapper.
PAIRS = [
    (f"{ESC}[31mERROR{ESC}[0m {PLAIN_ERROR}", f"ERROR {PLAIN_ERROR}"),
    (f"{ESC}[33mWARN{ESC}[0m Disk usage on /srv/data at 91%", "WARN Disk usage on /srv/data at 91%"),
    (f"{ESC}[32mINFO{ESC}[0m User User917 logged out.", "User User917 logged out."),
    (f"{ESC}[1;31mERROR{ESC}[0m Checkout service returned 502 for cart 8812",
     "ERROR Checkout service returned 502 for cart 8812"),
    ("<86>Jun 12 11:02:41 gw02 sshd[7310]: Failed password for invalid user oracle from "
     "203.0.113.45 port 51544 ssh2",
     "Jun 12 11:02:41 gw02 sshd[7310]: Failed password for invalid user oracle from 203.0.113.45 port 51544 ssh2"),
    ("<85>Jun 12 11:03:05 gw02 su: 'su root' failed for erin on /dev/pts/5",
     "Jun 12 11:03:05 gw02 su: 'su root' failed for erin on /dev/pts/5"),
    ("<86>Jun 12 11:04:30 gw02 sshd[7322]: Accepted publickey for ci-runner from 203.0.113.9 port 48810 ssh2",
     "sshd[7322]: Accepted publickey for ci-runner from 203.0.113.9 port 48810 ssh2"),
    ("<134>1 2025-03-04T02:20:00Z web01 nginx 812 - - Backup completed successfully.",
     "nginx[812]: Backup completed successfully."),
    ('{"log":"ERROR ' + PLAIN_ERROR + '\\n","stream":"stderr","time":"2025-03-04T02:20:00.1Z"}',
     f"ERROR {PLAIN_ERROR}"),
    ("2025-03-04T02:20:00.123456789Z stderr F Kernel panic - not syncing: Fatal exception in interrupt",
     "Kernel panic - not syncing: Fatal exception in interrupt"),
    ('{"time":"2025-03-04T02:20:00Z","level":"warn","msg":"Disk usage on /srv/data at 91%"}',
     "WARN Disk usage on /srv/data at 91%"),
    ('ts=2025-03-04T02:20:00Z level=error msg="' + PLAIN_ERROR + '"', f"ERROR {PLAIN_ERROR}"),
    ("2025-03-04 02:20:00,118 ERROR Checkout service returned 502 for cart 8812",
     "ERROR Checkout service returned 502 for cart 8812"),
]


def test_a_line_and_its_unwrapped_twin_get_the_same_label(offline_classifier):
    wrapped, plain = zip(*PAIRS)
    results = offline_classifier.classify_batch(["app"] * len(PAIRS) * 2, [*wrapped, *plain])
    got = [(r.label, r.tier) for r in results]
    assert got[:len(PAIRS)] == got[len(PAIRS):]
    assert ("User Action", "regex") in got and ("Critical Error", "regex") in got


def test_headline_decides_a_multi_line_record(offline_classifier):
    oom = ('Exception in thread "batch-worker-3" java.lang.OutOfMemoryError: Java heap space\n'
           "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n"
           "\tat com.acme.billing.ReportBuilder.append(ReportBuilder.java:120)")
    results = offline_classifier.classify_batch(["billing", "billing", "web"], [oom, GO, PYTHON])
    assert [(r.label, r.tier, r.rule) for r in results[:2]] == [
        ("Critical Error", "regex", "out_of_memory_error"), ("Critical Error", "regex", "go_runtime_fatal")]


def test_returned_cells_are_byte_identical(offline_classifier):
    wrapped = [w for w, _ in PAIRS] + [JAVA, f"{ESC}[0m", "  padded  "]
    body = io.StringIO()
    writer = CsvWriter(body)
    writer.writerow(["source", "log_message"])
    for line in wrapped:
        writer.writerow(["app", line])
    out = io.StringIO()
    offline_classifier.classify_csv(CsvReader(io.StringIO(body.getvalue())), out)
    parsed = list(csv.reader(io.StringIO(out.getvalue())))
    assert [row[1] for row in parsed[1:]] == wrapped
    # A line that is nothing but a wrapper has nothing to classify.
    assert parsed[-2][2] == "Unclassified"
