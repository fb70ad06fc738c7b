"""The same classification on a Ray cluster: one labeled CSV per input CSV, rows in order.

    python classify.py --engine ray INPUT -o OUTPUT_DIR [--ray-address ADDRESS] [--workers N]

INPUT is a folder (its `*.csv`), a glob in the file name, one file, or an
object-store prefix (`s3://bucket/logs/`, anything `pyarrow.fs` opens); the
same for OUTPUT_DIR. Each output file has its input's name.

Ray Core actors, not Ray Data's `read_csv`/`map_batches`/`write_csv`: Arrow's
CSV reader infers types ("007" comes back 7, "1.50" 1.5, "NA" and empty cells
null), so cells would not come back as written; `write_csv` names its files
after the write and block, not after the input file; and Arrow's parse errors
are not the ones `csv_io` names. So the driver streams each file through
`csv_io.CsvReader` in chunks, a pool of actors (each loads the models once)
runs `LogClassifier.classify_batch` on a chunk's `source` and `log_message`
columns, and the driver writes the rows with their labels in order with the
same `LabeledCsvWriter` as every other path. At most two chunks per actor are
in flight, so the driver's memory is bounded whatever the input size.

Each actor has its own template cache (EMBEDDING_CACHE_SIZE): a template is
embedded once per actor that meets it, not once per cluster.
"""

import fnmatch
import io
import logging
import os
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow.fs as pafs
import ray

from classify import LabeledCsvWriter, LogClassifier, RowResult, Summary
from csv_io import EXPLAIN_COLUMNS, CsvReader, InputError, open_csv
from settings import PROJECT_DIR, Settings

log = logging.getLogger(__name__)

GLOB_CHARACTERS = "*?["


@ray.remote(num_cpus=1)
class Labeler:
    """One worker: the classifier loaded once, labeling chunk after chunk."""

    def __init__(self, settings: Settings):
        self.classifier = LogClassifier.from_settings(settings)

    def ready(self) -> bool:
        return True

    def classify(self, sources: list[str], messages: list[str]) -> tuple[list[RowResult], int]:
        """The chunk's results in order, and how many rows the LLM tier could not label."""
        summary = Summary()
        results = self.classifier.classify_batch(sources, messages, summary)
        return results, summary.llm_unlabeled


def _filesystem(location: str) -> tuple[pafs.FileSystem, str]:
    uri = location if "://" in location else str(Path(location).resolve())
    try:
        return pafs.FileSystem.from_uri(uri)
    except (pafs.ArrowInvalid, OSError) as error:  # an unknown scheme, or none of its client
        raise InputError(f"cannot open {location}: {error}") from None


def list_inputs(location: str) -> tuple[pafs.FileSystem, list[str]]:
    """The file system of INPUT and its CSV files, sorted by name; raises `InputError`."""
    filesystem, path = _filesystem(location)
    info = filesystem.get_file_info(path)
    if info.type == pafs.FileType.Directory:
        files = [entry.path for entry in filesystem.get_file_info(pafs.FileSelector(path))
                 if entry.type == pafs.FileType.File and entry.base_name.lower().endswith(".csv")]
    elif info.type == pafs.FileType.File:
        files = [path]
    elif any(character in info.base_name for character in GLOB_CHARACTERS):
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        files = [entry.path for entry in filesystem.get_file_info(pafs.FileSelector(parent, allow_not_found=True))
                 if entry.type == pafs.FileType.File and fnmatch.fnmatch(entry.base_name, info.base_name)]
    else:
        raise InputError(f"{location}: no such file or folder")
    if not files:
        raise InputError(f"{location}: no CSV files there")
    return filesystem, sorted(files)


class _Outputs:
    """The labeled files in OUTPUT_DIR: each written as `.NAME.part`, renamed NAME when complete."""

    def __init__(self, location: str, inputs: Sequence[str], input_filesystem: pafs.FileSystem,
                 excel_safe_output: bool):
        self.excel_safe_output = excel_safe_output
        self.filesystem, self.directory = _filesystem(location)
        names = [path.rsplit("/", 1)[-1] for path in inputs]
        if len(set(names)) != len(names):
            raise InputError("two input files have the same name; their outputs would collide")
        same_place = type(self.filesystem) is type(input_filesystem)
        if same_place and {f"{self.directory}/{name}" for name in names} & set(inputs):
            raise InputError("OUTPUT_DIR is the input folder: the labeled files would overwrite the inputs")
        self.filesystem.create_dir(self.directory, recursive=True)
        self._open: tuple[str, io.TextIOWrapper] | None = None

    def open(self, input_path: str, reader: CsvReader) -> LabeledCsvWriter:
        self.close()
        name = input_path.rsplit("/", 1)[-1]
        text = io.TextIOWrapper(self.filesystem.open_output_stream(f"{self.directory}/.{name}.part"),
                                encoding="utf-8", newline="")
        self._open = (name, text)
        writer = LabeledCsvWriter(text, reader, self.excel_safe_output)
        writer.write_header()
        return writer

    def close(self) -> None:
        if self._open is not None:
            name, text = self._open
            text.close()
            self.filesystem.move(f"{self.directory}/.{name}.part", f"{self.directory}/{name}")
            self._open = None

    def abandon(self) -> None:
        if self._open is not None:
            name, text = self._open
            text.close()
            self.filesystem.delete_file(f"{self.directory}/.{name}.part")
            self._open = None


def _chunks(filesystem: pafs.FileSystem, paths: Sequence[str], chunk_size: int, explain: bool
            ) -> Iterator[tuple[str, CsvReader, list[list[str]] | None]]:
    """(path, reader, None) when a file starts, then (path, reader, chunk) for each of its chunks."""
    for path in paths:
        with filesystem.open_input_file(path) as binary:
            try:
                reader = open_csv(binary, extra_columns=EXPLAIN_COLUMNS if explain else ())
                yield path, reader, None
                yield from ((path, reader, chunk) for chunk in reader.chunks(chunk_size))
            except InputError as error:
                raise InputError(f"{path}: {error}") from None


def connect(address: str | None, workers: int | None) -> int:
    """Join the cluster at `address`, or start a local one; the number of actors to run."""
    runtime_env = {"env_vars": {"PYTHONPATH": str(PROJECT_DIR)}}
    if address:
        ray.init(address=address, runtime_env=runtime_env, logging_level=logging.WARNING)
    else:
        ray.init(num_cpus=workers or os.cpu_count(), runtime_env=runtime_env, include_dashboard=False,
                 logging_level=logging.WARNING)
    return workers or max(1, int(ray.cluster_resources().get("CPU", 1)))


def start_labelers(settings: Settings, workers: int) -> list:
    """`workers` actors with their models loaded (this waits for them); needs `connect` first."""
    actors = [Labeler.remote(settings) for _ in range(workers)]
    ray.get([actor.ready.remote() for actor in actors])
    return actors


def classify_files(input_location: str, output_location: str, actors: Sequence, *, chunk_size: int,
                   explain: bool = False, excel_safe_output: bool = False,
                   progress=None) -> tuple[Summary, int]:
    """Label every CSV of INPUT into OUTPUT_DIR on the `actors`; the summary and files written.

    Each output is what `classify.py FILE -o OUT` writes for its input, with
    the same options; `progress(rows)` follows each chunk written. Chunks go
    to the actors round-robin. Raises `InputError` naming the file for input
    that cannot be labeled; files finished before it stay written.
    """
    filesystem, paths = list_inputs(input_location)
    outputs = _Outputs(output_location, paths, filesystem, excel_safe_output)
    workers = len(actors)
    summary = Summary()
    in_flight: deque = deque()
    writer: LabeledCsvWriter | None = None

    def write_oldest() -> None:
        nonlocal writer
        path, reader, chunk, answer = in_flight.popleft()
        if chunk is None:
            writer = outputs.open(path, reader)
            return
        results, llm_unlabeled = ray.get(answer)
        writer.write_rows(chunk, results)
        summary.add(results)
        summary.llm_unlabeled += llm_unlabeled
        if progress is not None:
            progress(len(chunk))

    try:
        sent = 0
        for path, reader, chunk in _chunks(filesystem, paths, chunk_size, explain):
            answer = None
            if chunk is not None:
                actor = actors[sent % workers]
                sent += 1
                answer = actor.classify.remote([row[reader.source_index] for row in chunk],
                                               [row[reader.message_index] for row in chunk])
            in_flight.append((path, reader, chunk, answer))
            while sum(1 for item in in_flight if item[3] is not None) > 2 * workers:
                write_oldest()
        while in_flight:
            write_oldest()
        outputs.close()
    except BaseException:
        outputs.abandon()
        raise
    return summary, len(paths)
