"""The command line's parallel run (`pipeline.py`) writes what one process writes, byte for byte."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from benchmarks.common import descendants
from benchmarks.logs import rows as generated_rows
from benchmarks.logs import write_csv
from tests.test_cli import ENV, ROOT, run


def mixed_file() -> bytes:
    """Generated lines of many templates, and the lines that take other paths through the tiers."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["id", "timestamp", "source", "log_message"])
    for i, row in enumerate(generated_rows(2_400, seed=11)):
        writer.writerow(row)
        if i % 97 == 0:  # lines for the LLM tier, empty ones, wrapped ones, multi-line ones
            writer.writerow([f"x{i}", "", "LegacyCRM", f"Case {i} escalated to the renewals desk"])
            writer.writerow([f"y{i}", "", "web", "   "])
            writer.writerow([f"z{i}", "", "app", json.dumps({"level": "error", "msg": f"disk {i} failed",
                                                              "time": f"2026-11-0{i % 9 + 1}"})])
            writer.writerow([f"w{i}", "", "app", f"Traceback (most recent call last):\n  File \"a.py\", "
                             f"line {i}\nValueError: bad value {i}\r\nend"])
    return text.getvalue().encode("utf-8")


def labeled(tmp_path, data: bytes, *options: str, env: dict | None = None) -> bytes:
    (tmp_path / "in.csv").write_bytes(data)
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.csv"
    result = run(str(tmp_path / "in.csv"), "-o", str(out), "--quiet", *options, env=env)
    assert result.returncode == 0, result.stderr.decode()
    return out.read_bytes()


def test_parallel_run_writes_what_one_process_writes(tmp_path):
    data = mixed_file()
    alone = labeled(tmp_path, data, "--processes", "0", "--explain", "--chunk-size", "700")
    parallel = labeled(tmp_path, data, "--processes", "2", "--explain", "--chunk-size", "700")
    assert parallel == alone
    rows = list(csv.reader(io.StringIO(parallel.decode("utf-8"), newline="")))
    assert len(rows) == 1 + 2_400 + 4 * 25
    tiers = {row[5] for row in rows[1:]}
    assert {"regex", "bert", "none"} <= tiers  # the lines took every path the LLM-less run has


def test_a_process_that_ran_a_column_pass_still_runs_in_parallel(tmp_path):
    """Forked after Polars' thread pool has run, a worker would hang at its first column pass: a
    program that labels in-process and then runs the command line's parallel run gets workers
    started afresh instead, and the same answer."""
    data = mixed_file()
    (tmp_path / "in.csv").write_bytes(data)
    alone = labeled(tmp_path, data, "--processes", "0", "--chunk-size", "700")
    program = (
        "import sys\n"
        "import classify, column_rules\n"
        "if __name__ == '__main__':\n"
        "    column_rules.masking_keys([f'warm {i} up' for i in range(20_000)])\n"
        "    sys.exit(classify.main([sys.argv[1], '-o', sys.argv[2], '--quiet', '--processes', '2',"
        " '--chunk-size', '700']))\n")
    (tmp_path / "program.py").write_text(program)
    result = subprocess.run([sys.executable, str(tmp_path / "program.py"), str(tmp_path / "in.csv"),
                             str(tmp_path / "out.csv")], capture_output=True, cwd=ROOT,
                            env={**ENV, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "out.csv").read_bytes() == alone


def test_parallel_run_with_patterns_and_source_rules(tmp_path):
    (tmp_path / "rules.csv").write_text("pattern,label,source\nescalated,Workflow Error,web\n"
                                        "^Case \\d+ escalated,User Action,app\n")
    data = ("source,log_message\n" + "".join(
        f"{source},Case {n} escalated to the renewals desk\n" for n in range(300) for source in ("web", "app", "db")
    )).encode()
    env = {**ENV, "RULES_PATH": str(tmp_path / "rules.csv")}
    alone = labeled(tmp_path, data, "--processes", "0", "--patterns", "--chunk-size", "100", env=env)
    parallel = labeled(tmp_path, data, "--processes", "3", "--patterns", "--chunk-size", "100", env=env)
    assert parallel == alone
    labels = [row[2] for row in csv.reader(io.StringIO(parallel.decode()))][1:4]
    assert labels[:2] == ["Workflow Error", "User Action"]  # the rule of each row's source


def test_patterns_over_many_chunks_keep_each_rows_template_and_label(tmp_path):
    """The parallel run reads chunks ahead of writing them: each chunk must get its own rows'
    template keys (it once got an earlier chunk's, and wrong labels)."""
    data = mixed_file()
    plain = labeled(tmp_path, data, "--processes", "0", "--chunk-size", "300")
    alone = labeled(tmp_path, data, "--processes", "0", "--patterns", "--chunk-size", "300")
    parallel = labeled(tmp_path, data, "--processes", "2", "--patterns", "--chunk-size", "300")
    assert parallel == alone
    label_of = [row[4] for row in csv.reader(io.StringIO(plain.decode("utf-8"), newline=""))]
    with_patterns = list(csv.reader(io.StringIO(parallel.decode("utf-8"), newline="")))
    assert [row[4] for row in with_patterns] == label_of


def test_a_model_that_cannot_load_fails_the_run_even_when_no_line_needs_it(tmp_path):
    (tmp_path / "in.csv").write_text("source,log_message\nweb,User u1 logged in.\n")
    env = {**ENV, "MODEL_PATH": str(tmp_path / "no-such-model.joblib")}
    result = run(str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--processes", "2", env=env)
    assert result.returncode == 1
    assert "no-such-model.joblib" in result.stderr.decode()
    assert not (tmp_path / "out.csv").exists()


def test_processes_must_not_be_negative(tmp_path):
    result = run("in.csv", "-o", "out.csv", "--processes", "-1")
    assert result.returncode == 2 and "--processes must be 0 or more" in result.stderr.decode()


def start_run(tmp_path, seed: int, **popen) -> tuple[subprocess.Popen, list[int]]:
    """`classify.py --processes 2` started on 300,000 generated rows, once its two workers (forked
    children running its own command line) are up; the process and the workers' pids."""
    write_csv(tmp_path / "in.csv", 300_000, seed=seed)
    command = [sys.executable, str(ROOT / "classify.py"), str(tmp_path / "in.csv"), "-o",
               str(tmp_path / "out.csv"), "--processes", "2"]
    process = subprocess.Popen(command, cwd=ROOT, env=ENV, **popen)
    own = "\0".join(command).encode() + b"\0"
    deadline = time.monotonic() + 30
    while True:
        workers = [pid for pid in descendants(process.pid) if command_line(pid) == own]
        if len(workers) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(workers) == 2, "the worker processes did not start"
    return process, workers


def running(pids: list[int]) -> list[int]:
    """Those of `pids` still running (not gone, not zombies), wherever they were reparented."""
    def state(pid: int) -> str | None:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                return handle.read().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return None
    return [pid for pid in pids if state(pid) not in (None, "Z")]


def command_line(pid: int) -> bytes | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except (FileNotFoundError, ProcessLookupError):
        return None


def test_a_worker_that_dies_ends_the_run_with_an_error_not_a_wait(tmp_path):
    process, workers = start_run(tmp_path, 5, stderr=subprocess.PIPE)
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr.decode()
    assert "terminated abruptly" in stderr.decode()
    assert not (tmp_path / "out.csv").exists()


def test_ctrl_c_stops_every_process_and_writes_nothing(tmp_path):
    process, workers = start_run(tmp_path, 6, stderr=subprocess.PIPE, start_new_session=True)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends the whole group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert stderr.decode().strip().endswith("classify.py: interrupted")
    assert not (tmp_path / "out.csv").exists()
    assert not running(workers)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_run_s_processes_end_with_its_main_process(tmp_path, how):
    """Killed from outside (a scheduler, `timeout`, the out-of-memory killer), the main process
    takes its workers and model process with it; SIGTERM also leaves no half-written output."""
    process, _ = start_run(tmp_path, 7, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while len(children := descendants(process.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(children) >= 3, "the model process did not start"
    time.sleep(1.0)  # the output file is open by now
    os.kill(process.pid, how)
    process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while running(children):
        assert time.monotonic() < deadline, "a child of the run outlived it"
        time.sleep(0.05)
    if how == signal.SIGTERM:
        assert process.returncode == 130
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
