"""Asynchronous classification jobs: records in SQLite, files on disk, a few worker threads.

Each job has a folder `JOBS_DIR/<id>/`: the upload as sent (`upload.csv`), and
the labeled CSV, written chunk by chunk to `result.csv.part` and renamed
`result.csv` when complete. After every chunk the part file is flushed to disk
and its length, the rows done and the summary so far are committed in one
transaction (a checkpoint). A job that a restart or a crash interrupts is
resumed, not failed: the part file is cut back to the last checkpoint and the
input rows before it are read and skipped, so finished chunks are neither lost
nor classified again. One server process owns a `JOBS_DIR`.
"""

import io
import json
import logging
import os
import shutil
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from classify import LogClassifier, Summary
from csv_io import EXPLAIN_COLUMNS, InputError, open_csv
from patterns import KeyIndex, PatternSummary, fit_upload
from settings import Settings
from template_miner import MinerConfig

log = logging.getLogger("log_classifier.jobs")

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED)
# A job's result is about its upload plus the label column: a submission reserves twice its upload.
DISK_RESERVE_FACTOR = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,           -- SHA-256 of the API key that made the job; '' without API_KEY
    state TEXT NOT NULL,
    filename TEXT NOT NULL,
    explain INTEGER NOT NULL,
    excel_safe INTEGER NOT NULL,
    patterns INTEGER NOT NULL DEFAULT 0,  -- add pattern_id and template (as /classify/?patterns=true)
    encoding TEXT,                 -- as /classify/'s encoding and delimiter; NULL: detected
    delimiter TEXT,
    upload_bytes INTEGER NOT NULL,
    rows_done INTEGER NOT NULL DEFAULT 0,
    total INTEGER,                 -- data rows in the upload, once counted
    result_bytes INTEGER NOT NULL DEFAULT 0,  -- length of result.csv.part at the last checkpoint
    summary TEXT,                  -- JSON of classify.Summary at the last checkpoint
    error TEXT,
    error_status INTEGER,          -- the status the synchronous endpoint gives the same input
    created REAL NOT NULL,         -- Unix seconds
    started REAL,
    finished REAL
)
"""


@dataclass(frozen=True)
class Job:
    """One job's record, as stored."""

    id: str
    owner: str
    state: str
    filename: str
    explain: bool
    excel_safe: bool
    patterns: bool
    encoding: str | None
    delimiter: str | None
    upload_bytes: int
    rows_done: int
    total: int | None
    result_bytes: int
    summary: dict | None
    error: str | None
    error_status: int | None
    created: float
    started: float | None
    finished: float | None


class QuotaError(Exception):
    """The jobs folder has no room for this upload under JOBS_MAX_DISK_MB."""


class _Stop(Exception):
    """Raised between chunks when the job was cancelled or the server is stopping."""


class JobStore:
    """Job records in `directory/jobs.sqlite3` and job folders beside it; safe across threads."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.directory / "jobs.sqlite3", check_same_thread=False,
                                   isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(_SCHEMA)

    # Files

    def folder(self, job_id: str) -> Path:
        return self.directory / job_id

    def upload_path(self, job_id: str) -> Path:
        return self.folder(job_id) / "upload.csv"

    def part_path(self, job_id: str) -> Path:
        return self.folder(job_id) / "result.csv.part"

    def result_path(self, job_id: str) -> Path:
        return self.folder(job_id) / "result.csv"

    def disk_usage(self) -> int:
        """Bytes of the uploads and results in the job folders (the small database aside)."""
        return sum(entry.stat().st_size for entry in self.directory.glob("*/*") if entry.is_file())

    def spool(self, upload: BinaryIO, quota_bytes: int) -> tuple[str, int]:
        """Copy an upload to a new job folder in 1 MiB blocks; its id and size. Raises `QuotaError`."""
        job_id = uuid.uuid4().hex
        room = quota_bytes - self.disk_usage()
        self.folder(job_id).mkdir()
        written = 0
        try:
            with self.upload_path(job_id).open("wb") as target:
                while block := upload.read(1 << 20):
                    written += len(block)
                    if written * DISK_RESERVE_FACTOR > room:
                        raise QuotaError(
                            f"no room for this upload: the job folders hold {self.disk_usage() / 2**20:.0f} MB "
                            f"of its {quota_bytes / 2**20:g} MB (JOBS_MAX_DISK_MB), and a job needs about "
                            f"{DISK_RESERVE_FACTOR}x its upload; delete finished jobs or wait for JOBS_TTL")
                    target.write(block)
                target.flush()
                os.fsync(target.fileno())
        except BaseException:
            self.remove_files(job_id)
            raise
        return job_id, written

    def remove_files(self, job_id: str) -> None:
        shutil.rmtree(self.folder(job_id), ignore_errors=True)

    # Records

    def _one(self, sql: str, *args) -> Job | None:
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return None if row is None else _job(row)

    def create(self, job_id: str, owner: str, filename: str, explain: bool, excel_safe: bool,
               upload_bytes: int, patterns: bool = False, encoding: str | None = None,
               delimiter: str | None = None) -> Job:
        with self._lock:
            self._db.execute(
                "INSERT INTO jobs (id, owner, state, filename, explain, excel_safe, patterns, encoding, "
                "delimiter, upload_bytes, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (job_id, owner, QUEUED, filename, explain, excel_safe, patterns, encoding, delimiter,
                 upload_bytes, time.time()))
        return self.get(job_id)

    def get(self, job_id: str, owner: str | None = None) -> Job | None:
        """The job, or None when there is none or `owner` is given and differs."""
        job = self._one("SELECT * FROM jobs WHERE id = ?", job_id)
        return None if job is None or (owner is not None and job.owner != owner) else job

    def owned_by(self, owner: str) -> list[Job]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM jobs WHERE owner = ? ORDER BY created", (owner,)).fetchall()
        return [_job(row) for row in rows]

    def claim_next(self) -> Job | None:
        """The oldest queued job, now marked running."""
        return self._one(
            "UPDATE jobs SET state = ?, started = coalesce(started, ?) WHERE id = "
            "(SELECT id FROM jobs WHERE state = ? ORDER BY created LIMIT 1) RETURNING *",
            RUNNING, time.time(), QUEUED)

    def set_total(self, job_id: str, total: int) -> None:
        with self._lock:
            self._db.execute("UPDATE jobs SET total = ? WHERE id = ?", (total, job_id))

    def checkpoint(self, job_id: str, rows_done: int, result_bytes: int, summary: Summary) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET rows_done = ?, result_bytes = ?, summary = ? WHERE id = ?",
                (rows_done, result_bytes, json.dumps(summary.as_dict()), job_id))

    def finish(self, job_id: str, state: str, error: str | None = None, error_status: int | None = None) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET state = ?, error = ?, error_status = ?, finished = ? WHERE id = ?",
                (state, error, error_status, time.time(), job_id))

    def requeue(self, job_id: str) -> None:
        with self._lock:
            self._db.execute("UPDATE jobs SET state = ? WHERE id = ? AND state = ?", (QUEUED, job_id, RUNNING))

    def requeue_interrupted(self) -> int:
        """Jobs left running by a stopped or crashed process go back to the queue; how many."""
        with self._lock:
            return self._db.execute("UPDATE jobs SET state = ? WHERE state = ?", (QUEUED, RUNNING)).rowcount

    def delete(self, job_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        self.remove_files(job_id)

    def expire(self, ttl_s: float, now: float | None = None) -> list[str]:
        """Delete the jobs finished more than `ttl_s` seconds before `now`; their ids."""
        cutoff = (time.time() if now is None else now) - ttl_s
        with self._lock:
            ids = [row[0] for row in self._db.execute(
                "SELECT id FROM jobs WHERE state IN (?, ?) AND finished < ?", (*FINISHED, cutoff))]
        for job_id in ids:
            self.delete(job_id)
        return ids

    def remove_orphans(self) -> None:
        """Job folders without a record (a crash between spooling and recording, or during a delete)."""
        with self._lock:
            known = {row[0] for row in self._db.execute("SELECT id FROM jobs")}
        for entry in self.directory.iterdir():
            if entry.is_dir() and entry.name not in known:
                shutil.rmtree(entry, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _job(row: sqlite3.Row) -> Job:
    values = dict(row)
    for flag in ("explain", "excel_safe", "patterns"):
        values[flag] = bool(values[flag])
    values["summary"] = json.loads(values["summary"]) if values["summary"] else None
    return Job(**values)


class JobRunner:
    """`JOBS_WORKERS` threads that run queued jobs, and one that deletes jobs older than `JOBS_TTL`.

    Jobs queue as soon as they are submitted; the workers start when the models
    are loaded (`start`). A cancelled job, or every job when the server stops,
    stops at the next chunk boundary; a stopped job stays at its checkpoint and
    is resumed by the next process.
    """

    def __init__(self, store: JobStore, settings: Settings):
        self.store = store
        self.settings = settings
        self._wake = threading.Condition()
        self._stopping = threading.Event()
        self._cancelled: set[str] = set()
        self._threads: list[threading.Thread] = []
        resumed = store.requeue_interrupted()
        if resumed:
            log.info("%d interrupted job(s) will resume from their last checkpoint", resumed)
        store.remove_orphans()
        self._spawn(self._sweep, "jobs-ttl")

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def start(self, classifier: LogClassifier) -> None:
        """Start the workers with the loaded classifier."""
        for number in range(self.settings.jobs_workers):
            self._spawn(lambda: self._work(classifier), f"jobs-worker-{number}")

    def wake(self) -> None:
        with self._wake:
            self._wake.notify_all()

    def cancel(self, job_id: str) -> None:
        """A running job stops after its current chunk; the caller deletes the record."""
        self._cancelled.add(job_id)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every thread; running jobs stop at their next chunk and stay resumable."""
        self._stopping.set()
        self.wake()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _sweep(self) -> None:
        interval = min(60.0, self.settings.jobs_ttl / 4)
        while not self._stopping.is_set():
            expired = self.store.expire(self.settings.jobs_ttl)
            if expired:
                log.info("deleted %d job(s) older than JOBS_TTL", len(expired))
            self._stopping.wait(interval)

    def _work(self, classifier: LogClassifier) -> None:
        while not self._stopping.is_set():
            job = self.store.claim_next()
            if job is None:
                with self._wake:
                    self._wake.wait(1.0)
                continue
            self._run(classifier, job)

    def _run(self, classifier: LogClassifier, job: Job) -> None:
        if self.store.result_path(job.id).exists():  # stopped after the rename, before the record
            self.store.finish(job.id, DONE)
            return
        log.info("job %s: running from row %d", job.id, job.rows_done)
        try:
            total = job.total if job.total is not None else self._count_rows(job)
            self._classify(classifier, job, total)
        except _Stop:
            if job.id in self._cancelled:
                self._cancelled.discard(job.id)
                self.store.remove_files(job.id)
                log.info("job %s: cancelled", job.id)
            else:
                self.store.requeue(job.id)
                log.info("job %s: stopped at its last checkpoint; the next start resumes it", job.id)
            return
        except InputError as error:
            self.store.finish(job.id, FAILED, str(error), 400)
            log.info("job %s: failed on its input", job.id)
            return
        except Exception as error:
            if job.id in self._cancelled:  # its files were deleted under it
                self._cancelled.discard(job.id)
                return
            log.exception("job %s: failed", job.id)
            self.store.finish(job.id, FAILED, f"the job failed: {type(error).__name__}: {error}", 500)
            return
        self.store.finish(job.id, DONE)
        log.info("job %s: done, %d rows", job.id, total)

    def _check(self, job_id: str) -> None:
        if self._stopping.is_set() or job_id in self._cancelled:
            raise _Stop

    def _patterns(self, upload: BinaryIO, job: Job) -> KeyIndex | None:
        """The job's key index (a first pass over the upload, which is rewound) when it asked for patterns.

        Mining is deterministic, so a resumed job gets the same pattern ids as before it stopped.
        """
        if not job.patterns:
            return None
        config = MinerConfig(max_clusters=self.settings.pattern_max_clusters)
        return fit_upload(upload, config, self.settings.chunk_size, None, encoding=job.encoding,
                          delimiter=job.delimiter, max_line_chars=self.settings.max_line_chars)

    def _count_rows(self, job: Job) -> int:
        """Read the whole upload once: its row count, and any input error before work starts."""
        with self.store.upload_path(job.id).open("rb") as binary:
            reader = _reader(binary, job)
            total = 0
            for chunk in reader.chunks(10_000):
                total += len(chunk)
                self._check(job.id)
        self.store.set_total(job.id, total)
        return total

    def _classify(self, classifier: LogClassifier, job: Job, total: int) -> None:
        part = self.store.part_path(job.id)
        part.touch()
        start_row, start_bytes, summary = job.rows_done, job.result_bytes, Summary.from_dict(job.summary)
        if part.stat().st_size < start_bytes:  # the checkpointed output is gone: start over
            start_row, start_bytes, summary = 0, 0, Summary()
        rows_done = start_row
        with self.store.upload_path(job.id).open("rb") as upload, part.open("r+b") as binary:
            binary.truncate(start_bytes)
            binary.seek(start_bytes)
            target = io.TextIOWrapper(binary, encoding="utf-8", newline="")

            def checkpoint(rows: int) -> None:
                nonlocal rows_done
                rows_done += rows
                target.flush()
                os.fsync(binary.fileno())
                self.store.checkpoint(job.id, rows_done, binary.tell(), summary)
                self._check(job.id)

            patterns = self._patterns(upload, job)
            reader = _reader(upload, job)
            classifier.classify_csv(
                reader, target, chunk_size=self.settings.chunk_size, excel_safe_output=job.excel_safe,
                progress=checkpoint, start_row=start_row, summary=summary,
                patterns=PatternSummary(patterns, reader.header) if patterns else None)
            target.flush()
            os.fsync(binary.fileno())
            self.store.checkpoint(job.id, rows_done, binary.tell(), summary)
            target.detach()
        os.replace(part, self.store.result_path(job.id))


def _reader(binary: BinaryIO, job: Job):
    """The upload read with the job's options, as /classify/ reads it; raises `InputError`."""
    return open_csv(binary, encoding=job.encoding, delimiter=job.delimiter,
                    extra_columns=EXPLAIN_COLUMNS if job.explain else ())
