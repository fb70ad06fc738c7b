"""Where the time of the HTTP path goes: `LogClassifier.classify_csv` in-process, by phase.

Generates the same kind of file as `throughput.py`, then runs what the server
runs per upload (`routers.classify.classify_upload`: TextLines decoding, CsvReader,
classify_csv into a StringIO) twice — a cold pass, then a warm one on a second
file of the same templates — first untimed by a profiler (wall time), then
under cProfile to split it into phases: CSV parsing, canonical view, the column passes
(wrapper test, regex table, masking), embedding (encoder), classifier, LLM tier, writing, the rest.

    python benchmarks/profile_classify.py [--rows 50000] [--json] [--top 0]
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import load_average, report  # noqa: E402
from benchmarks.logs import write_csv  # noqa: E402

# Phase: (file suffix, function name) pairs whose cumulative time counts for it.
PHASES = {
    "csv parsing (CsvReader.chunks)": [("csv_io.py", "chunks")],
    "canonical view, per line (canonical)": [("canonical.py", "canonical")],
    "wrapper test, column pass (plain_messages)": [("column_rules.py", "plain_messages")],
    "regex table, column pass (first_rules)": [("column_rules.py", "first_rules")],
    "masking, column pass (masking_keys)": [("column_rules.py", "masking_keys")],
    "encoder (SentenceTransformer.encode)": [("bert_processor.py", "encode")],
    "classifier (predict_proba)": [("_logistic.py", "predict_proba"), ("_base.py", "predict_proba")],
    "LLM tier (llm.classify)": [("llm_processor.py", "classify")],
    "writing (CsvWriter.lines + write_text)": [("csv_io.py", "lines"), ("csv_io.py", "write_text")],
}


def make_upload(rows: int, seed: int) -> bytes:
    text = io.StringIO()
    write_csv(text, rows, seed)
    return text.getvalue().encode()


def run(classifier, settings, data: bytes) -> float:
    from routers.classify import classify_upload

    started = time.perf_counter()
    body, summary = classify_upload(classifier, io.BytesIO(data), settings, False, False)
    return time.perf_counter() - started


def phases(profile: cProfile.Profile, total: float) -> dict[str, float]:
    stats = pstats.Stats(profile).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    found = {}
    for phase, keys in PHASES.items():
        seconds = 0.0
        for (file, _, name), (_, _, tottime, cumtime, _) in stats.items():
            if any(file.endswith(suffix) and name == wanted for suffix, wanted in keys):
                seconds += cumtime
        found[phase] = seconds
    # the encoder runs inside predict_proba_top, not inside predict_proba: no double count
    found["other (coordination, dicts, cache, text decoding)"] = max(total - sum(found.values()), 0.0)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=0, help="also print the top N functions by own time")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))

    from classify import LogClassifier
    from settings import Settings

    settings = Settings(groq_api_key="")
    say("loading models ...")
    classifier = LogClassifier.from_settings(settings)
    classifier.embedding.warm_up()
    uploads = {f"pass {i + 1} ({kind})": make_upload(args.rows, args.seed + 10 * i)
               for i, kind in enumerate(("cold cache", "warm cache"))}

    lines, figures = [], {"rows": args.rows, "passes": {}}
    for label, data in uploads.items():
        cache = classifier.embedding._cache
        before = dict(cache.items())
        say(f"{label}: plain ...")
        wall = run(classifier, settings, data)
        cache.clear()  # the profiled run starts from the same cache as the plain one
        cache.update(before)
        say(f"{label}: profiled ...")
        profile = cProfile.Profile()
        profile.enable()
        total = run(classifier, settings, data)
        profile.disable()
        split = phases(profile, total)
        figures["passes"][label] = {"wall_s": round(wall, 3), "profiled_s": round(total, 3),
                                    "phases_s": {k: round(v, 3) for k, v in split.items()}}
        lines.append((label, f"{wall:.2f} s unprofiled = {args.rows / wall:,.0f} rows/s; "
                             f"{total:.2f} s under cProfile:"))
        for phase, seconds in split.items():
            lines.append(("", f"{seconds:7.2f} s {100 * seconds / total:5.1f}%  {phase}"))
        if args.top and not args.json:
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
    lines.append(("load average", load_average()))
    report(f"classify_csv in-process, {args.rows:,} rows, LLM tier off", lines, figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
