"""The command line on a large file: wall time, rows/s and peak memory, output checked.

Streams a generated CSV (`benchmarks/logs.py`, 1,000,000 rows by default) to a
temporary file, times the floor any labeler of it has (the standard `csv`
module reading every row and writing it back with one more cell, in a child
process), runs `python classify.py IN -o OUT --quiet` with the LLM tier off,
polls the resident set of its whole process tree (classify.py runs worker
processes and a model process beside itself: `pipeline.py`) and takes the main
process's own peak from wait4 (ru_maxrss), then reads input and output side by
side: same row count, same order, every input column round-trips, every label
in labels.ALL_LABELS. With `--serial-too` it also runs `classify.py --processes 0`
(everything in one process, as before the parallel run) on the same file and
checks that both answers are byte for byte the same.
Targets (issue 17): <= 10 s, <= 3x the plain CSV read + write, peak RSS <= 1.5 GiB.

    python benchmarks/large_cli.py [--rows 1000000] [--chunk-size N] [--processes N]
                                   [--serial-too] [--json]
"""

import argparse
import csv
import filecmp
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
    REPO_ROOT, child_env, load_average, mib, model_path, own_peak_kib, report, tree_rss_kib,
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
    """Run classify.py (with `options`); wall seconds, exit code, the main process's peak RSS from
    wait4 and the peak of its process tree's summed RSS, polled every 0.1 s."""
    command = [sys.executable, str(REPO_ROOT / "classify.py"), str(source), "-o", str(target), "--quiet",
               *options]
    if chunk_size:
        command += ["--chunk-size", str(chunk_size)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=child_env(), stderr=subprocess.PIPE)
    polled = [0]
    stop = threading.Event()

    def poll():
        while not stop.wait(0.1):
            polled[0] = max(polled[0], tree_rss_kib(process.pid))

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stderr = process.stderr.read()  # the child ends when this returns EOF (or closes stderr)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    watcher.join()
    return {"seconds": seconds, "exit_code": process.returncode, "peak_rss_kib": usage.ru_maxrss,
            "tree_rss_kib": polled[0], "stderr": stderr.decode(errors="replace")[-2000:]}


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
    parser.add_argument("--processes", type=int, default=None,
                        help="passed to classify.py (default: its own, the CPUs available)")
    parser.add_argument("--serial-too", action="store_true",
                        help="also run classify.py --processes 0 and compare")
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
        options = ("--processes", str(args.processes)) if args.processes is not None else ()
        run = run_cli(source, target, args.chunk_size, *options)
        if run["exit_code"] != 0:
            raise SystemExit(f"classify.py exited {run['exit_code']}:\n{run['stderr']}")
        say("checking the output ...")
        checked = verify(source, target, args.rows)
        serial = None
        if args.serial_too:
            say("running classify.py --processes 0 ...")
            alone = Path(tmp) / "logs_classified_serial.csv"
            serial = run_cli(source, alone, args.chunk_size, "--processes", "0")
            if serial["exit_code"] != 0:
                raise SystemExit(f"classify.py --processes 0 exited {serial['exit_code']}:\n{serial['stderr']}")
            serial["same_output"] = filecmp.cmp(target, alone, shallow=False)

    rate = args.rows / run["seconds"]
    peak = run["peak_rss_kib"]
    figures = {
        "rows": args.rows, "csv_bytes": size, "generate_s": round(generate_s, 2),
        "model_path": model_path(), "chunk_size": args.chunk_size,
        "wall_s": round(run["seconds"], 2), "rows_per_s": round(rate, 1),
        "plain_csv_s": round(csv_s, 2), "over_plain_csv": round(run["seconds"] / csv_s, 2),
        "target_s": TARGET_SECONDS, "target_over_plain_csv": TARGET_CSV_RATIO,
        "peak_rss_kib": peak, "tree_rss_kib": run["tree_rss_kib"], "processes": args.processes,
        "serial_s": round(serial["seconds"], 2) if serial else None,
        "serial_same_output": serial["same_output"] if serial else None,
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
        ("peak RSS", f"{mib(run['tree_rss_kib'])} for all its processes together (polled), "
                     f"{mib(peak)} the main process (wait4 ru_maxrss); target <= 1.5 GiB: "
                     f"{'meets' if max(peak, run['tree_rss_kib']) <= TARGET_PEAK_KIB else 'ABOVE'}"),
        *([("one process", f"classify.py --processes 0: {serial['seconds']:.1f} s "
                           f"({serial['seconds'] / run['seconds']:.2f}x the time of the run above); "
                           f"same output byte for byte: {'yes' if serial['same_output'] else 'NO'}")]
          if serial else []),
        ("output", f"{checked['rows_checked']:,} rows in order, every input column round-trips, "
                   "every label allowed"),
        ("labels", labels),
        ("benchmark peak RSS", mib(figures["benchmark_peak_rss_kib"])),
        ("load average", f"before {load_before}; after {figures['load_average_after']}"),
    ], figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
