"""What the project's command lines share: exit codes, bad arguments as exit 2, one-line errors.

`classify.py`, `analyze.py` and `anomaly_detector.py` exit 0 when done, 2 on bad
arguments or input (one line naming the problem), 130 when stopped by Ctrl-C or
SIGTERM, 1 on anything else: a scripted batch job can tell "fix the input" from "try again".
"""

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from csv_io import InputError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C (128 + SIGINT)

Result = TypeVar("Result")


class ArgumentParser(argparse.ArgumentParser):
    """argparse that exits with EXIT_BAD_INPUT (2), not its own 2-or-usage mix, on bad arguments."""

    def error(self, message):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def run_reported(prog: str, work: Callable[[], Result],
                 bad_input: tuple[type[Exception], ...] = (InputError,)) -> tuple[Result | None, int]:
    """`(work(), EXIT_OK)`; on an error one line on stderr and `(None, exit code)`.

    `bad_input` exceptions are the user's to fix (EXIT_BAD_INPUT, `prog: error: ...`);
    any other is EXIT_FAILED (`prog: failed: Type: ...`), without a traceback; Ctrl-C, and
    SIGTERM (what `timeout`, systemd and Kubernetes send), are EXIT_INTERRUPTED
    (`prog: interrupted`), after the same clean-up: no half-written output, no process left.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return work(), EXIT_OK
    except bad_input as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return None, EXIT_BAD_INPUT
    except Exception as error:  # the one-line reason matters more than a traceback here
        print(f"{prog}: failed: {type(error).__name__}: {error}", file=sys.stderr)
        return None, EXIT_FAILED
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return None, EXIT_INTERRUPTED
