"""Cost of patterns against plain labeling, measured as ratios in one run.

HTTP: the real server (LLM tier off) on the 50,000-row throughput file
(`benchmarks/logs.py`, seed 1). One server takes POST /classify/ first (cold
template cache), then alternately /classify/ and /patterns/ with the cache warm
(`--repeats` each, medians); a second, fresh server takes /patterns/ first, to
compare cold with cold. Command line: `classify.py` on a generated file
(1,000,000 rows by default) plain and with `--patterns-json`: wall time and
peak resident set (wait4) of each.

    python benchmarks/patterns_speed.py [--rows 50000] [--cli-rows 1000000] [--repeats 2] [--json]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import load_average, mib, report  # noqa: E402
from benchmarks.large_cli import TARGET_PEAK_KIB, run_cli  # noqa: E402
from benchmarks.logs import write_csv  # noqa: E402
from benchmarks.throughput import free_port, start_server, stop_server  # noqa: E402

TARGET_RATIO = 1.5


def timed_post(port: int, path: Path, route: str, rows: int) -> float:
    """Seconds to post the file to `route` and read the whole answer; checks the row count."""
    import httpx

    with open(path, "rb") as handle, httpx.Client(timeout=1800) as client:
        started = time.perf_counter()
        response = client.post(f"http://127.0.0.1:{port}{route}", files={"file": (path.name, handle, "text/csv")})
        body = response.content
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"POST {route} answered {response.status_code}: {body[:500]!r}")
    answered = response.json()["rows"] if route.startswith("/patterns") else int(response.headers["X-Rows"])
    if answered != rows:
        raise SystemExit(f"POST {route}: sent {rows} rows, {answered} answered")
    return seconds


def http_figures(path: Path, rows: int, repeats: int, tmp: Path, say) -> dict:
    say("server 1: /classify/ cold, then /classify/ and /patterns/ warm ...")
    process, _ = start_server(free_port(), tmp / "server-1.log")
    port = int(process.args[-1])
    try:
        classify_cold = timed_post(port, path, "/classify/", rows)
        classify_warm, patterns_warm, columns_warm = [], [], []
        for _ in range(repeats):
            classify_warm.append(timed_post(port, path, "/classify/", rows))
            patterns_warm.append(timed_post(port, path, "/patterns/", rows))
            columns_warm.append(timed_post(port, path, "/classify/?patterns=true", rows))
    finally:
        stop_server(process)
    say("server 2: /patterns/ cold ...")
    process, _ = start_server(free_port(), tmp / "server-2.log")
    try:
        patterns_cold = timed_post(int(process.args[-1]), path, "/patterns/", rows)
    finally:
        stop_server(process)
    warm_classify, warm_patterns = statistics.median(classify_warm), statistics.median(patterns_warm)
    return {
        "classify_cold_s": round(classify_cold, 2), "patterns_cold_s": round(patterns_cold, 2),
        "cold_ratio": round(patterns_cold / classify_cold, 2),
        "classify_warm_s": [round(t, 2) for t in classify_warm],
        "patterns_warm_s": [round(t, 2) for t in patterns_warm],
        "classify_patterns_true_warm_s": [round(t, 2) for t in columns_warm],
        "warm_ratio": round(warm_patterns / warm_classify, 2),
        "warm_ratio_patterns_true": round(statistics.median(columns_warm) / warm_classify, 2),
    }


def cli_figures(rows: int, tmp: Path, say) -> dict:
    source = tmp / "large.csv"
    say(f"generating {rows:,} rows ...")
    write_csv(source, rows, 3)
    say("classify.py plain ...")
    plain = run_cli(source, tmp / "plain.csv", None)
    say("classify.py --patterns-json ...")
    patterns = run_cli(source, tmp / "patterns.csv", None, "--patterns-json", str(tmp / "patterns.json"))
    for name, run in (("plain", plain), ("patterns", patterns)):
        if run["exit_code"] != 0:
            raise SystemExit(f"classify.py ({name}) exited {run['exit_code']}:\n{run['stderr']}")
    return {"rows": rows, "plain_s": round(plain["seconds"], 1), "patterns_s": round(patterns["seconds"], 1),
            "ratio": round(patterns["seconds"] / plain["seconds"], 2),
            "plain_peak_rss_kib": plain["peak_rss_kib"], "patterns_peak_rss_kib": patterns["peak_rss_kib"],
            "patterns_json_bytes": (tmp / "patterns.json").stat().st_size}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the HTTP file (default 50000)")
    parser.add_argument("--cli-rows", type=int, default=1_000_000,
                        help="rows of the command-line file (default 1000000; 0 skips it)")
    parser.add_argument("--repeats", type=int, default=2, help="warm requests per route (default 2)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args(argv)
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))

    figures = {"load_average_before": load_average()}
    with tempfile.TemporaryDirectory(prefix="patterns-speed-") as tmp:
        tmp = Path(tmp)
        path = tmp / "logs.csv"
        write_csv(path, args.rows, 1)
        figures["http"] = http_figures(path, args.rows, args.repeats, tmp, say)
        if args.cli_rows:
            figures["cli"] = cli_figures(args.cli_rows, tmp, say)
    figures["load_average_after"] = load_average()

    http = figures["http"]
    verdict = lambda r: "meets" if r <= TARGET_RATIO else "ABOVE"  # noqa: E731
    lines = [
        ("HTTP file", f"{args.rows:,} rows (benchmarks/logs.py seed 1)"),
        ("cold (fresh server)", f"/classify/ {http['classify_cold_s']:.2f} s, /patterns/ {http['patterns_cold_s']:.2f} s "
                                f"= {http['cold_ratio']:.2f}x (target <= {TARGET_RATIO}x: {verdict(http['cold_ratio'])})"),
        ("warm (cache filled)", f"/classify/ {http['classify_warm_s']} s, /patterns/ {http['patterns_warm_s']} s "
                                f"= {http['warm_ratio']:.2f}x ({verdict(http['warm_ratio'])})"),
        ("", f"/classify/?patterns=true {http['classify_patterns_true_warm_s']} s "
             f"= {http['warm_ratio_patterns_true']:.2f}x"),
    ]
    if "cli" in figures:
        cli = figures["cli"]
        lines += [
            ("command line", f"{cli['rows']:,} rows: plain {cli['plain_s']:.1f} s, --patterns-json "
                             f"{cli['patterns_s']:.1f} s = {cli['ratio']:.2f}x ({verdict(cli['ratio'])})"),
            ("peak RSS", f"plain {mib(cli['plain_peak_rss_kib'])}, --patterns-json "
                         f"{mib(cli['patterns_peak_rss_kib'])} (target <= 1.5 GiB: "
                         f"{'meets' if cli['patterns_peak_rss_kib'] <= TARGET_PEAK_KIB else 'ABOVE'})"),
        ]
    lines.append(("load average", f"before {figures['load_average_before']}; after {figures['load_average_after']}"))
    report("Patterns against plain labeling (LLM tier off)", lines, figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
