"""The command line on a large file: wall time, rows/s and peak memory, output checked.

Streams a generated CSV (`benchmarks/logs.py`, 1,000,000 rows by default) to a
temporary file, times the floor any labeler of it has (the standard `csv`
module reading every row and writing it back with one more cell, in a child
process), runs `python classify.py IN -o OUT --quiet` with the LLM tier off,
takes the child's peak resident set from wait4 (ru_maxrss; VmHWM polled as a
cross-check), then reads input and output side by side: same row count, same
order, every input column round-trips, every label in labels.ALL_LABELS.
Targets (issue 17): <= 10 s, <= 3x the plain CSV read + write, peak RSS <= 1.5 GiB.

    python benchmarks/large_cli.py [--rows 1000000] [--chunk-size N] [--json]
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    REPO_ROOT, child_env, load_average, mib, model_path, own_peak_kib, report, status_kib,
)
from benchmarks.logs import HEADER, write_csv  # noqa: E402

TARGET_PEAK_KIB = int(1.5 * 1024 * 1024)
TARGET_SECONDS = 10.0
TARGET_CSV_RATIO = 3.0
# The plain CSV read + write, in a child process as classify.py is (its start-up counted too).
CSV_COPY = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as a, open(sys.argv[2], "w", newline="", encoding="utf-8") as b:
    reader, writer = csv.reader(a, strict=True), csv.writer(b, lineterminator="\\n")
    writer.writerow([*next(reader), "target_label"])
    for row in reader:
        writer.writerow([*row, "Unclassified"])
"""


def plain_csv_seconds(source: Path, target: Path) -> float:
    """Wall seconds of the plain CSV read + write of `source` (a child process, start to exit)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", CSV_COPY, str(source), str(target)], check=True)
    return time.perf_counter() - started


def run_cli(source: Path, target: Path, chunk_size: int | None, *options: str) -> dict:
    """Run classify.py (with `options`); wall seconds, exit code, peak RSS from wait4 and polled VmHWM."""
    command = [sys.executable, str(REPO_ROOT / "classify.py"), str(source), "-o", str(target), "--quiet",
               *options]
    if chunk_size:
        command += ["--chunk-size", str(chunk_size)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=child_env(), stderr=subprocess.PIPE)
    polled = [0]
    stop = threading.Event()

    def poll():
        while not stop.wait(0.2):
            value = status_kib(process.pid)
            if value is not None:
                polled[0] = max(polled[0], value)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stderr = process.stderr.read()  # the child ends when this returns EOF (or closes stderr)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    watcher.join()
    return {"seconds": seconds, "exit_code": process.returncode, "peak_rss_kib": usage.ru_maxrss,
            "polled_vmhwm_kib": polled[0], "stderr": stderr.decode(errors="replace")[-2000:]}


def verify(source: Path, target: Path, rows: int) -> dict:
    """Input and output side by side; raises SystemExit at the first difference."""
    from labels import ALL_LABELS

    allowed = set(ALL_LABELS)
    labels = Counter()
    with open(source, newline="", encoding="utf-8") as a, open(target, newline="", encoding="utf-8") as b:
        given, answered = csv.reader(a), csv.reader(b)
        header = next(answered)
        if next(given) != list(HEADER) or header != [*HEADER, "target_label"]:
            raise SystemExit(f"unexpected output header: {header}")
        count = 0
        for count, (row_in, row_out) in enumerate(zip(given, answered), 1):
            if row_out[:-1] != row_in or int(row_out[0]) != count - 1:
                raise SystemExit(f"row {count}: input {row_in} came back as {row_out}")
            if row_out[-1] not in allowed:
                raise SystemExit(f"row {count}: label {row_out[-1]!r} is not in labels.ALL_LABELS")
            labels[row_out[-1]] += 1
        leftover = next(given, None) or next(answered, None)
    if count != rows or leftover is not None:
        raise SystemExit(f"expected {rows} data rows, output has {count}{' and more' if leftover else ''}")
    return {"rows_checked": count, "labels": dict(labels)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows generated (default 1000000)")
    parser.add_argument("--chunk-size", type=int, default=None,
                        help="passed to classify.py (default: its own, CHUNK_SIZE)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args(argv)
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))

    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="large-cli-") as tmp:
        source, target = Path(tmp) / "logs.csv", Path(tmp) / "logs_classified.csv"
        say(f"generating {args.rows:,} rows to {source} ...")
        started = time.perf_counter()
        write_csv(source, args.rows, args.seed)
        generate_s = time.perf_counter() - started
        size = source.stat().st_size
        say("plain CSV read + write ...")
        csv_s = plain_csv_seconds(source, target)
        say("running classify.py ...")
        run = run_cli(source, target, args.chunk_size)
        if run["exit_code"] != 0:
            raise SystemExit(f"classify.py exited {run['exit_code']}:\n{run['stderr']}")
        say("checking the output ...")
        checked = verify(source, target, args.rows)

    rate = args.rows / run["seconds"]
    peak = run["peak_rss_kib"]
    figures = {
        "rows": args.rows, "csv_bytes": size, "generate_s": round(generate_s, 2),
        "model_path": model_path(), "chunk_size": args.chunk_size,
        "wall_s": round(run["seconds"], 2), "rows_per_s": round(rate, 1),
        "plain_csv_s": round(csv_s, 2), "over_plain_csv": round(run["seconds"] / csv_s, 2),
        "target_s": TARGET_SECONDS, "target_over_plain_csv": TARGET_CSV_RATIO,
        "peak_rss_kib": peak, "polled_vmhwm_kib": run["polled_vmhwm_kib"],
        "target_peak_rss_kib": TARGET_PEAK_KIB, "labels": checked["labels"],
        "benchmark_peak_rss_kib": own_peak_kib(),
        "load_average_before": load_before, "load_average_after": load_average(),
    }
    labels = ", ".join(f"{k} {v:,}" for k, v in sorted(checked["labels"].items(), key=lambda kv: -kv[1]))
    report("classify.py on a large file (LLM tier off)", [
        ("model", figures["model_path"]),
        ("input", f"{args.rows:,} rows, {size / 1e6:,.1f} MB (generated in {generate_s:.1f} s)"),
        ("chunk size", str(args.chunk_size or "classify.py default")),
        ("wall time", f"{run['seconds']:.1f} s (process start to exit, model loading included); "
                      f"target <= {TARGET_SECONDS:.0f} s: {'meets' if run['seconds'] <= TARGET_SECONDS else 'ABOVE'}"),
        ("plain CSV", f"{csv_s:.1f} s to read and write it with the csv module; classify.py takes "
                      f"{run['seconds'] / csv_s:.1f}x that (target <= {TARGET_CSV_RATIO:.0f}x: "
                      f"{'meets' if run['seconds'] / csv_s <= TARGET_CSV_RATIO else 'ABOVE'})"),
        ("throughput", f"{rate:,.0f} rows/s"),
        ("peak RSS", f"{mib(peak)} (wait4 ru_maxrss; polled VmHWM {mib(run['polled_vmhwm_kib'])}); "
                     f"target <= 1.5 GiB: {'meets' if peak <= TARGET_PEAK_KIB else 'ABOVE'}"),
        ("output", f"{checked['rows_checked']:,} rows in order, every input column round-trips, "
                   "every label allowed"),
        ("labels", labels),
        ("benchmark peak RSS", mib(figures["benchmark_peak_rss_kib"])),
        ("load average", f"before {load_before}; after {figures['load_average_after']}"),
    ], figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
