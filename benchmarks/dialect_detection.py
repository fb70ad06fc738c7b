"""Delimiter detection: the header-line rule of csv_io against dialect sniffers.

Each labeled file of ../shared is written out with each delimiter Excel and
other tools use (, ; tab |), minimal quoting, and each method is asked for the
delimiter: the header-line rule (`csv_io.CsvReader`, the baseline), the
standard library's `csv.Sniffer` on the first 64 KiB, and CleverCSV's `Sniffer`
on the same sample when `clevercsv` is importable (it is not a requirement;
`pip install clevercsv==0.8.5` to compare). Prints, per method, files right out
of all, and time per file as a ratio to the baseline.

    .venv/bin/python benchmarks/dialect_detection.py
"""

import csv
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from csv_io import open_csv  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
FILES = [SHARED / "eval" / "codebasics_synthetic_logs.csv", SHARED / "cases" / "real_exports.csv"]
DELIMITERS = [",", ";", "\t", "|"]
SAMPLE = 64 * 1024


def exports() -> list[tuple[str, str, str]]:
    """(name, text, delimiter) for every file and delimiter."""
    out = []
    for path in FILES:
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        # An upload has no answer column of its own yet.
        rows[0] = ["reference_label" if name == "target_label" else name for name in rows[0]]
        for delimiter in DELIMITERS:
            text = io.StringIO()
            csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
            out.append((f"{path.name} {delimiter!r}", text.getvalue(), delimiter))
            # The same rows with the message first: the delimiter no longer leads the header.
            text = io.StringIO()
            order = [rows[0].index("log_message")] + [i for i in range(len(rows[0]))
                                                      if rows[0][i] != "log_message"]
            csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(
                [[row[i] for i in order] for row in rows])
            out.append((f"{path.name} {delimiter!r} reordered", text.getvalue(), delimiter))
    return out


def header_rule(text: str) -> str:
    return open_csv(io.BytesIO(text.encode())).delimiter


def stdlib_sniffer(text: str) -> str:
    return csv.Sniffer().sniff(text[:SAMPLE]).delimiter


def methods() -> dict:
    found = {"header-line rule (baseline)": header_rule, "csv.Sniffer": stdlib_sniffer}
    try:
        import clevercsv
    except ImportError:
        print("clevercsv not installed: its row is left out")
    else:
        found[f"clevercsv {clevercsv.__version__} Sniffer"] = \
            lambda text: clevercsv.Sniffer().sniff(text[:SAMPLE]).delimiter
    return found


def main() -> None:
    cases = exports()
    results = {}
    for name, detect in methods().items():
        right, started = 0, time.perf_counter()
        for _, text, delimiter in cases:
            try:
                right += detect(text) == delimiter
            except Exception:  # noqa: BLE001 - a sniffer that gives up is wrong
                pass
        results[name] = (right, (time.perf_counter() - started) / len(cases))
    base = next(iter(results.values()))[1]
    print(f"{len(cases)} exports ({len(FILES)} files x {len(DELIMITERS)} delimiters x 2 column orders)")
    print(f"{'method':<32} {'right':>9} {'ms/file':>9} {'time vs baseline':>17}")
    for name, (right, seconds) in results.items():
        print(f"{name:<32} {right:>4}/{len(cases):<4} {seconds * 1000:>9.2f} {seconds / base:>16.1f}x")


if __name__ == "__main__":
    main()
