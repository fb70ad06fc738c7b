"""`--engine ray` with 1 and with 2 workers against one process, on a folder of generated CSVs.

Writes `--files` files of `--rows` rows in all (`benchmarks/logs.py`, a seed
per file), labels them once in this process with one `LogClassifier` and one
torch thread (the single-process baseline: what `classify.py FILE -o OUT` does
per file, models loaded once and not timed, on the one CPU a Ray worker gets:
Ray sets OMP_NUM_THREADS to an actor's num_cpus), then starts a local Ray with 2 CPUs and runs
`ray_engine.classify_files` with 1 and with 2 actors; the actors loading
their models is timed apart (`start_labelers`), Ray's own start is not timed. Every Ray output is
checked byte for byte against the baseline's. It also counts the distinct
templates the encoder meets per worker (chunks go round-robin, each actor has
its own template cache), which is what the extra workers share out.

    python benchmarks/ray_scaling.py [--rows 200000] [--files 4] [--chunk-size 10000] [--json]
"""

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import load_average, report  # noqa: E402
from benchmarks.logs import write_csv  # noqa: E402
from classify import LogClassifier  # noqa: E402
from csv_io import open_csv  # noqa: E402
from labels import LLM_ONLY_SOURCE  # noqa: E402
from log_templates import template_key  # noqa: E402
from regex_processor import classify_regex  # noqa: E402
from settings import Settings  # noqa: E402


def encoder_templates(paths: list[Path], chunk_size: int, workers: int) -> list[int]:
    """Distinct templates that reach the encoder on each worker when chunks go round-robin."""
    seen: list[set[str]] = [set() for _ in range(workers)]
    sent = 0
    for path in paths:
        with path.open("rb") as binary:
            reader = open_csv(binary)
            for chunk in reader.chunks(chunk_size):
                messages = {row[reader.message_index] for row in chunk
                            if row[reader.source_index].strip() != LLM_ONLY_SOURCE}
                messages = [m for m in messages if m.strip()]
                unmatched = [m for m, label in zip(messages, classify_regex(messages)) if label is None]
                seen[sent % workers].update(template_key(m) for m in unmatched)
                sent += 1
    return [len(templates) for templates in seen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--chunk-size", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings(groq_api_key=None)

    import ray_engine

    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "in"
        inputs.mkdir()
        paths = [inputs / f"part-{i:02}.csv" for i in range(args.files)]
        for i, path in enumerate(paths):
            write_csv(str(path), args.rows // args.files, seed=i + 1)

        import torch

        torch.set_num_threads(1)
        classifier = LogClassifier.from_settings(settings)
        classifier.embedding.warm_up()
        expected = {}
        started = time.perf_counter()
        for path in paths:
            target = io.StringIO()
            with path.open("rb") as binary:
                classifier.classify_csv(open_csv(binary), target, chunk_size=args.chunk_size)
            expected[path.name] = target.getvalue().encode()
        single_s = time.perf_counter() - started

        ray_engine.connect(None, 2)
        seconds, loading, identical = {}, {}, {}
        for workers in (1, 2):
            output = Path(folder) / f"out-{workers}"
            started = time.perf_counter()
            actors = ray_engine.start_labelers(settings, workers)
            loading[workers] = time.perf_counter() - started
            started = time.perf_counter()
            ray_engine.classify_files(str(inputs), str(output), actors, chunk_size=args.chunk_size)
            seconds[workers] = time.perf_counter() - started
            identical[workers] = all((output / name).read_bytes() == body for name, body in expected.items())
            for actor in actors:
                ray_engine.ray.kill(actor)
        ray_engine.ray.shutdown()
        templates = {w: encoder_templates(paths, args.chunk_size, w) for w in (1, 2)}

    rows = args.files * (args.rows // args.files)
    figures = {
        "rows": rows, "files": args.files, "chunk_size": args.chunk_size,
        "single_process_s": round(single_s, 2), "ray_1_worker_s": round(seconds[1], 2),
        "ray_2_workers_s": round(seconds[2], 2),
        "ray_actor_start_s": {w: round(loading[w], 2) for w in (1, 2)},
        "ray_2_over_1_speedup": round(seconds[1] / seconds[2], 2),
        "ray_1_over_single": round(single_s / seconds[1], 2),
        "ray_2_over_single": round(single_s / seconds[2], 2),
        "identical_to_single_process": identical[1] and identical[2],
        "encoder_templates_1_worker": templates[1], "encoder_templates_2_workers": templates[2],
        "load_average": load_average(),
    }
    report("Ray: 1 vs 2 workers", [
        ("input", f"{rows:,} rows in {args.files} files, chunks of {args.chunk_size:,}"),
        ("one process, 1 thread (baseline)", f"{single_s:.2f} s = {rows / single_s:,.0f} rows/s"),
        ("Ray, 1 worker", f"{seconds[1]:.2f} s = {rows / seconds[1]:,.0f} rows/s "
                          f"({single_s / seconds[1]:.2f}x the baseline's speed)"),
        ("Ray, 2 workers", f"{seconds[2]:.2f} s = {rows / seconds[2]:,.0f} rows/s "
                           f"({single_s / seconds[2]:.2f}x the baseline, {seconds[1] / seconds[2]:.2f}x 1 worker)"),
        ("actors loading their models (apart)", f"1 worker: {loading[1]:.2f} s, 2 workers: {loading[2]:.2f} s"),
        ("outputs byte-identical to baseline", str(identical[1] and identical[2])),
        ("templates at the encoder per worker", f"1 worker: {templates[1]}, 2 workers: {templates[2]}"),
        ("load average", load_average()),
    ], figures, args.json)


if __name__ == "__main__":
    main()
