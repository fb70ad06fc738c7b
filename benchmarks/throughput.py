"""End-to-end throughput of the HTTP service against a naive per-row baseline.

Starts the real server (`server.py`, LLM tier off), times its start-up until
/ready, posts two freshly generated CSVs of the same templates (the second
profits from the template cache the first filled), and times the naive way —
each row embedded alone and passed to the classifier — on a few hundred rows,
once before the server starts and once after it stops; the faster of the two is
the baseline, so a burst of load from elsewhere during one of them does not
inflate the ratio. Prints rows/s, the ratios and peak memory. Target (issue 17):
the first (cold) request >= 1,000x the baseline.

    python benchmarks/throughput.py [--rows 50000] [--baseline-rows 300] [--json]
"""

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    REPO_ROOT, child_env, load_average, mib, model_path, own_peak_kib, report, status_kib,
)
from benchmarks.logs import rows, write_csv  # noqa: E402

TARGET_RATIO = 1_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log_path: Path, timeout_s: float = 300,
                 **env: str) -> tuple[subprocess.Popen, float]:
    """The server process and the seconds from its start to GET /ready answering 200."""
    import httpx

    log = open(log_path, "wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "server.py"), "--port", str(port)],
        cwd=REPO_ROOT, env=child_env(LOG_LEVEL="WARNING", **env), stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/ready"
    with httpx.Client(timeout=5) as client:
        while time.perf_counter() - started < timeout_s:
            if process.poll() is not None:
                break
            try:
                if client.get(url).status_code == 200:
                    return process, time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    process.kill()
    process.wait()
    tail = log_path.read_text(errors="replace")[-3000:]
    raise SystemExit(f"the server did not become ready (exit code {process.returncode}):\n{tail}")


def post_csv(port: int, path: Path, expected_rows: int) -> dict:
    """Post the file, read the whole answer; seconds, rows/s and the summary headers."""
    import httpx

    with open(path, "rb") as handle, httpx.Client(timeout=1800) as client:
        started = time.perf_counter()
        response = client.post(f"http://127.0.0.1:{port}/classify/",
                               files={"file": (path.name, handle, "text/csv")})
        body = response.content
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"POST /classify/ answered {response.status_code}: {body[:500]!r}")
    answered = body.count(b"\n") - 1  # messages hold no newlines: one line per row plus the header
    if int(response.headers["X-Rows"]) != expected_rows or answered != expected_rows:
        raise SystemExit(f"sent {expected_rows} rows, X-Rows={response.headers['X-Rows']}, "
                         f"{answered} lines came back")
    return {
        "seconds": round(seconds, 3),
        "rows_per_s": round(expected_rows / seconds, 1),
        "tiers": json.loads(response.headers["X-Tier-Counts"]),
        "labels": json.loads(response.headers["X-Label-Counts"]),
        "llm_unlabeled": int(response.headers["X-LLM-Unlabeled"]),
        "bytes_sent": path.stat().st_size,
    }


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def per_row_baseline(messages: list[str]) -> dict:
    """The naive way: each message embedded alone, then the classifier; rows/s."""
    from bert_processor import encode, load_encoder, load_model
    from settings import Settings

    settings = Settings()
    encoder = load_encoder(settings.embedding_model_path, settings.embedding_device)
    classifier, _ = load_model(settings.model_path)
    classifier.predict_proba(encode(encoder, ["warm-up line"]))  # lazy initialisation off the clock
    started = time.perf_counter()
    for message in messages:
        classifier.predict_proba(encode(encoder, [message]))
    seconds = time.perf_counter() - started
    return {"rows": len(messages), "seconds": round(seconds, 3),
            "rows_per_s": round(len(messages) / seconds, 2)}


def distinct_counts(path: Path) -> dict:
    """Distinct messages, and distinct templates among rows the regex tier leaves (embedding work)."""
    import csv

    from labels import LLM_ONLY_SOURCE
    from log_templates import template_key
    from regex_processor import classify_regex

    with open(path, newline="", encoding="utf-8") as handle:
        data = [(row["source"], row["log_message"]) for row in csv.DictReader(handle)]
    messages = list(dict.fromkeys(m for s, m in data if s != LLM_ONLY_SOURCE))
    unmatched = [m for m, label in zip(messages, classify_regex(messages)) if label is None]
    return {"distinct_messages": len(messages), "templates": {template_key(m) for m in unmatched},
            "llm_only_rows": sum(s == LLM_ONLY_SOURCE for s, _ in data)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rows per posted file (default 50000)")
    parser.add_argument("--baseline-rows", type=int, default=200,
                        help="rows timed one at a time for the baseline, before and after (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first file; the second uses seed+1")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args(argv)
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))

    load_before = load_average()
    baseline_messages = [m for *_, m in rows(args.baseline_rows, args.seed + 2)]
    say(f"per-row baseline on {args.baseline_rows} rows (before) ...")
    base_before = per_row_baseline(baseline_messages)
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        tmp = Path(tmp)
        first, second = tmp / "logs_first.csv", tmp / "logs_second.csv"
        say(f"generating 2 x {args.rows} rows ...")
        write_csv(first, args.rows, args.seed)
        write_csv(second, args.rows, args.seed + 1)
        shape_first, shape_second = distinct_counts(first), distinct_counts(second)
        new_templates = len(shape_second["templates"] - shape_first["templates"])

        say("starting the server ...")
        process, startup_s = start_server(free_port(), tmp / "server.log")
        port = int(process.args[-1])
        try:
            say("POST first file ...")
            one = post_csv(port, first, args.rows)
            say("POST second file ...")
            two = post_csv(port, second, args.rows)
            server_peak = status_kib(process.pid)
            server_rss = status_kib(process.pid, "VmRSS")
        finally:
            stop_server(process)

        # Warm-up alone: with the template cache off, a later request does the same work as the first.
        say("warm-up check: template cache off, first file twice ...")
        process, _ = start_server(free_port(), tmp / "server-nocache.log", EMBEDDING_CACHE_SIZE="0")
        try:
            uncached_first = post_csv(int(process.args[-1]), first, args.rows)
            uncached_later = post_csv(int(process.args[-1]), first, args.rows)
        finally:
            stop_server(process)

    say(f"per-row baseline on {args.baseline_rows} rows (after) ...")
    base_after = per_row_baseline(baseline_messages)
    base = max(base_before, base_after, key=lambda b: b["rows_per_s"])

    ratio_first = one["rows_per_s"] / base["rows_per_s"]
    ratio_second = two["rows_per_s"] / base["rows_per_s"]
    figures = {
        "rows_per_request": args.rows,
        "model_path": model_path(),
        "startup_s": round(startup_s, 2),
        "first": {**one, "distinct_messages": shape_first["distinct_messages"],
                  "legacycrm_rows": shape_first["llm_only_rows"],
                  "distinct_templates_for_embedding": len(shape_first["templates"])},
        "second": {**two, "distinct_messages": shape_second["distinct_messages"],
                   "legacycrm_rows": shape_second["llm_only_rows"],
                   "distinct_templates_for_embedding": len(shape_second["templates"]),
                   "templates_not_in_first": new_templates},
        "first_over_second_time": round(one["seconds"] / two["seconds"], 2),
        "cache_off": {"first_s": uncached_first["seconds"], "later_s": uncached_later["seconds"],
                      "first_over_later": round(uncached_first["seconds"] / uncached_later["seconds"], 2)},
        "baseline": base, "baseline_before_rows_per_s": base_before["rows_per_s"],
        "baseline_after_rows_per_s": base_after["rows_per_s"],
        "speedup_first": round(ratio_first, 1),
        "speedup_second": round(ratio_second, 1),
        "target_speedup": TARGET_RATIO,
        "server_peak_rss_kib": server_peak,
        "server_rss_at_end_kib": server_rss,
        "benchmark_peak_rss_kib": own_peak_kib(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
    }

    def tiers(result):
        return ", ".join(f"{k} {v}" for k, v in sorted(result["tiers"].items()))

    verdict = lambda r: "meets" if r >= TARGET_RATIO else "BELOW"  # noqa: E731
    report("HTTP throughput (POST /classify/, LLM tier off)", [
        ("model", figures["model_path"]),
        ("rows per request", f"{args.rows:,} ({one['bytes_sent'] / 1e6:.1f} MB CSV)"),
        ("server start-up", f"{startup_s:.2f} s (process start -> /ready 200)"),
        ("1st request", f"{one['seconds']:.2f} s = {one['rows_per_s']:,.0f} rows/s "
                        f"({shape_first['distinct_messages']:,} distinct messages, "
                        f"{len(shape_first['templates']):,} templates to embed)"),
        ("", f"tiers: {tiers(one)}; Unclassified {one['labels'].get('Unclassified', 0)} = LLM tier off: "
             f"{shape_first['llm_only_rows']} LegacyCRM + {one['llm_unlabeled'] - shape_first['llm_only_rows']} "
             "below the embedding threshold"),
        ("2nd request", f"{two['seconds']:.2f} s = {two['rows_per_s']:,.0f} rows/s "
                        f"({len(shape_second['templates']):,} templates, {new_templates:,} not cached)"),
        ("", f"tiers: {tiers(two)}; Unclassified {two['labels'].get('Unclassified', 0)} = LLM tier off: "
             f"{shape_second['llm_only_rows']} LegacyCRM + {two['llm_unlabeled'] - shape_second['llm_only_rows']} "
             "below the embedding threshold"),
        ("1st / 2nd time", f"{figures['first_over_second_time']:.2f}x (the 2nd finds most templates cached)"),
        ("warm-up only", f"template cache off, 1st file twice: {uncached_first['seconds']:.2f} s then "
                         f"{uncached_later['seconds']:.2f} s = {figures['cache_off']['first_over_later']:.2f}x "
                         "(target <= 2x)"),
        ("per-row baseline", f"{base['rows_per_s']:.1f} rows/s ({base['rows']} rows in {base['seconds']:.2f} s, "
                             "one encode + predict_proba per row; the faster of before "
                             f"{base_before['rows_per_s']:.1f} and after {base_after['rows_per_s']:.1f})"),
        ("speed-up 1st", f"{ratio_first:,.0f}x baseline (target >= {TARGET_RATIO}x: {verdict(ratio_first)})"),
        ("speed-up 2nd", f"{ratio_second:,.0f}x baseline ({verdict(ratio_second)})"),
        ("server peak RSS", f"{mib(server_peak)} (VmHWM; {mib(server_rss)} resident at the end)"),
        ("benchmark peak RSS", mib(figures["benchmark_peak_rss_kib"])),
        ("load average", f"before {load_before}; after {figures['load_average_after']}"),
    ], figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
