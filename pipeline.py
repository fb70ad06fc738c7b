"""The command line's parallel run: every core busy, the model loading while the file is read.

On a large file the command line's time goes to the work per distinct line
(canonical view, regex tier, masking: `LogClassifier.prepare`), to reading and
writing the CSV, and, at start, to loading the embedding model (importing torch
and sentence-transformers takes seconds). One process does these one after the
other; `ParallelRun` overlaps them:

* `prepare` runs in a pool of worker processes, each chunk's distinct lines
  split between them;
* the embedding tier runs in a process of its own (`EmbeddingProcess`), which
  loads the model while the first chunks are read and prepared, then embeds
  each chunk's new templates;
* this process reads the CSV, hands chunks on, and decides and writes each
  chunk in order (`LogClassifier.decide`, the LLM tier included) once its lines
  are prepared and its templates answered, up to `lookahead` chunks ahead.

The steps are those of `LogClassifier.classify_batch`; only where they run
changes, so the answer is byte for byte the one a single process writes
(`tests/test_pipeline.py`). The workers are forked (small: this process has not
loaded the model), unless this process has loaded Polars (`_worker_context`);
the embedding process is a fresh interpreter, the one process that loads the model.
"""

import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from contextlib import contextmanager
from itertools import chain

from classify import LogClassifier, template_keys
from regex_processor import RegexClassifier
from settings import Settings

LOOKAHEAD_CHUNKS = 16  # chunks read and prepared ahead of the one being written (bounds memory)
WORKER_NICENESS = 10
POLL_SECONDS = 0.02  # how often a wait for a batch looks for other batches to move on
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def available_cpus() -> int:
    """CPUs this process may run on (its affinity, not the machine's count)."""
    return len(os.sched_getaffinity(0))


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while children start: one that comes meanwhile is raised when the block
    ends (a child starting up would print its own traceback). Forked children inherit the
    holding handler until they ignore Ctrl-C for good (`_child_of_this_run`)."""
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: came.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if came:
        raise KeyboardInterrupt


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ctrl-C ignored for the (short) block: a program started in it keeps ignoring it (exec
    keeps an ignored signal ignored, where it resets a handler)."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _child_of_this_run(parent: int) -> None:
    """Set up a worker or the model process: Ctrl-C stays ignored (it is for the parent, which
    stops the children); and the child dies with the parent, however that ends
    (a SIGKILL, the out-of-memory killer), instead of waiting for ever on pipes its siblings
    also hold open (Linux `prctl(PR_SET_PDEATHSIG)`; elsewhere the parent's stop must do)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux
        return
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _worker_context():
    """How the workers start: forked, unless this process has loaded Polars (`column_rules`), whose
    thread pool, once it has run, leaves a forked child hanging at its first column pass; then
    each worker is a fresh interpreter (slower to start, the same answers)."""
    return multiprocessing.get_context("spawn" if "polars" in sys.modules else "fork")


def _serve_embedding(requests, answers, settings: Settings, parent: int) -> None:
    """The embedding process: load the model and say how that went, then answer each list of
    templates in order. An error (loading or predicting) is sent back, to be raised in the parent.

    A thread takes each request off the pipe as it comes, so the parent never waits to send
    one, not even while the model is loading.
    """
    _child_of_this_run(parent)
    # One thread for torch's OpenMP pool, set before torch loads it: `torch.set_num_threads(1)` alone,
    # after loading, left a second thread spinning, half a CPU second of the run's other processes.
    os.environ["OMP_NUM_THREADS"] = "1"
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def take_requests() -> None:
        try:
            while True:
                inbox.put(requests.recv())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=take_requests, daemon=True).start()
    # tqdm (used while loading) would otherwise make a multiprocessing lock that the exit below
    # leaves for the resource tracker to warn about; a thread lock is all one process needs.
    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())
    try:
        from bert_processor import EmbeddingClassifier

        embedding = EmbeddingClassifier.from_settings(settings)
        import torch

        torch.set_num_threads(1)  # the other cores are busy with the workers: no threads spinning
    except Exception as error:  # noqa: BLE001 - any failure is the parent's to report
        answers.send(("error", _picklable(error)))
        return
    answers.send(("loaded", None))
    while (templates := inbox.get()) is not None:
        try:
            answers.send(("ok", embedding.predict(templates)))
        except Exception as error:  # noqa: BLE001
            answers.send(("error", _picklable(error)))
    answers.close()
    os._exit(0)  # nothing to save, and tearing down torch's interpreter took a second of the run


def _picklable(error: Exception) -> Exception:
    import pickle

    try:
        pickle.dumps(error)
        return error
    except Exception:  # noqa: BLE001 - some exceptions carry what cannot be pickled
        return RuntimeError(f"{type(error).__name__}: {error}")


class EmbeddingProcess:
    """The embedding tier in a process of its own, built from `settings` there.

    `submit(templates)` queues a request without waiting (the model may still be
    loading); `receive()` returns the answers to the oldest request not yet
    received: what `EmbeddingClassifier.predict` gives, a (label or None,
    probability) per template. `predict` does both. `loaded()` waits until the
    model is loaded. An error in the process (a missing model, say) is raised by
    `receive` and `loaded`; a process that died raises `RuntimeError`.
    """

    def __init__(self, settings: Settings, context):
        requests, self._requests = context.Pipe(duplex=False)
        self._answers, answers = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve_embedding, name="embedding", daemon=True,
                                        args=(requests, answers, settings, os.getpid()))
        with _interrupts_ignored():
            self._process.start()
        requests.close()
        answers.close()
        self._loaded = False

    def submit(self, templates: list[str]) -> None:
        self._requests.send(templates)

    def ready(self, timeout: float = 0) -> bool:
        """True when the next answer can be received without waiting (up to `timeout` seconds)."""
        while not self._loaded and self._answers.poll(timeout):
            self.loaded()
        return self._loaded and self._answers.poll(timeout)

    def loaded(self) -> None:
        """Wait until the model is loaded; raise what stopped it from loading."""
        if not self._loaded:
            self._next()
            self._loaded = True

    def receive(self) -> list[tuple[str | None, float]]:
        self.loaded()
        return self._next()

    def _next(self):
        try:
            kind, value = self._answers.recv()
        except EOFError:
            self._process.join(5)
            raise RuntimeError(f"the embedding process ended without answering "
                               f"(exit code {self._process.exitcode})") from None
        if kind == "error":
            raise value
        return value

    def predict(self, templates: list[str]) -> list[tuple[str | None, float]]:
        self.submit(templates)
        return self.receive()

    def close(self, at_once: bool = False) -> None:
        """End the process: it exits when it has read every request (at once: it is killed)."""
        self._requests.close()
        if not at_once:
            self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._answers.close()


class _Batch:
    """One chunk under way: its lines being prepared by the workers, then its templates embedded."""

    def __init__(self, parts, complete):
        self.parts = parts  # futures of the workers' `prepare`, in order
        self.complete = complete
        self.prepared: list[tuple] | None = None
        self.templates: list[str] = []
        self.embedded: dict | None = None


class ParallelRun:
    """Worker processes for `LogClassifier.prepare` and a process for the embedding tier.

    `start(lines, keys)` hands a chunk's distinct lines to the workers and returns
    a batch; `ready(batch)` says whether it can be decided without waiting;
    `result(batch)` waits for it and returns (prepared, embedded), the arguments
    `LogClassifier.decide` takes. Batches are finished in the order started.
    """

    lookahead = LOOKAHEAD_CHUNKS

    def __init__(self, settings: Settings, regex: RegexClassifier, processes: int):
        self.processes = processes
        preparer = LogClassifier(None, None, max_line_chars=settings.max_line_chars, regex=regex)
        # Children never take Ctrl-C (one starting up would print its traceback): this process
        # takes it and stops them.
        with _interrupts_held():
            # A fresh interpreter for the model (torch must not inherit a parent's threads),
            # forked workers for the rules (they start at once, the rules already compiled).
            self.embedding = EmbeddingProcess(settings, multiprocessing.get_context("spawn"))
            # A worker that dies (killed, out of memory) breaks the pool: its futures raise
            # BrokenProcessPool instead of leaving the run waiting for ever.
            self._pool = ProcessPoolExecutor(processes, mp_context=_worker_context(),
                                             initializer=_start_worker,
                                             initargs=(preparer, os.getpid()))
            self._pool.submit(int).result()  # the workers are forked now, not at the first chunk
        self._unsent: deque[_Batch] = deque()  # prepare under way, templates not yet submitted
        self._unanswered: deque[_Batch] = deque()  # templates submitted, answer not yet received

    def start(self, lines: list, keys: dict[str, str] | None,
              complete: Callable[[list], list] | None = None) -> _Batch:
        """Hand `lines` (`LogClassifier.line_keys`) to the workers, split evenly between them;
        `complete`, when given, turns their answers into the batch's (`classify.RecentLines`)."""
        step = -(-len(lines) // self.processes) or 1
        parts = [self._pool.submit(_prepare, lines[i:i + step], keys)
                 for i in range(0, len(lines), step)]
        batch = _Batch(parts, complete)
        self._unsent.append(batch)
        return batch

    def ready(self, batch: _Batch) -> bool:
        self._advance()
        return batch.embedded is not None

    def result(self, batch: _Batch) -> tuple[list[tuple], dict]:
        # Waits a little at a time: templates of batches prepared meanwhile are submitted at
        # once, so the embedding process never waits for this one to be written.
        self._advance()
        while batch.embedded is None:
            if self._unanswered:
                self.embedding.ready(POLL_SECONDS)
            else:
                wait(self._unsent[0].parts, POLL_SECONDS, return_when=FIRST_EXCEPTION)
            self._advance()
        return batch.prepared, batch.embedded

    def _advance(self) -> None:
        """Submit the templates of batches whose lines are prepared (in order); take answers waiting."""
        while self._unsent and all(part.done() for part in self._unsent[0].parts):
            batch = self._unsent.popleft()
            batch.prepared = list(chain.from_iterable(part.result() for part in batch.parts))
            if batch.complete is not None:
                batch.prepared = batch.complete(batch.prepared)
            batch.parts = []
            batch.templates = template_keys(batch.prepared)
            if batch.templates:
                self.embedding.submit(batch.templates)
                self._unanswered.append(batch)
            else:
                batch.embedded = {}
        while self._unanswered and self.embedding.ready():
            self._take_answer()

    def finish(self) -> None:
        """Once every batch is written: wait for the model to have loaded, so that a run no line of
        which needed it still fails, as a run in one process does, when it cannot load."""
        self.embedding.loaded()

    def _take_answer(self) -> None:
        batch = self._unanswered.popleft()
        batch.embedded = dict(zip(batch.templates, self.embedding.receive()))

    def close(self, failed: bool = False) -> None:
        """Stop the processes: after a failure at once, without waiting for work under way."""
        self._pool.shutdown(wait=not failed, cancel_futures=failed)
        self.embedding.close(failed)


_preparer: LogClassifier | None = None  # a worker's copy of the classifier's rules (set once per worker)


def _start_worker(preparer: LogClassifier, parent: int) -> None:
    global _preparer
    _child_of_this_run(parent)
    quiet_collector()
    # The model's loading and this process's reading are what the run waits on first; the
    # workers take the cores they leave (they would otherwise have to wait for the model anyway).
    os.nice(WORKER_NICENESS)
    _preparer = preparer


def _prepare(lines: list, keys: dict[str, str] | None) -> list[tuple]:
    return _preparer.prepare(lines, keys)


def quiet_collector() -> None:
    """Run the cyclic garbage collector far less often in a process that holds many rows.

    Rows and answers are lists and tuples of strings, with no reference cycles, so
    reference counting frees them; but each of them counts towards the collector's
    next pass, and a pass walks every one still alive (chunks read ahead): at the
    default thresholds that was a third of the time spent building the answer rows.
    """
    gc.set_threshold(100_000, 50, 100)


@contextmanager
def parallel_classifier(settings: Settings, processes: int) -> Iterator[tuple[LogClassifier, ParallelRun]]:
    """A classifier whose embedding tier is an `EmbeddingProcess`, and the `ParallelRun` to pass
    to `LogClassifier.classify_csv(runner=)`, with `processes` workers for `prepare`.

    Raises `RulesError` for a bad RULES_PATH file before any process starts. The
    processes are stopped when the block ends (at once if it ends with an error).
    """
    from llm_processor import LLMClassifier

    regex = RegexClassifier.from_settings(settings)
    run = ParallelRun(settings, regex, processes)
    failed = True
    try:
        classifier = LogClassifier(run.embedding, LLMClassifier.from_settings(settings),
                                   max_line_chars=settings.max_line_chars, regex=regex)
        yield classifier, run
        failed = False
    finally:
        run.close(failed)
