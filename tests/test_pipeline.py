"""The command line's parallel run (`pipeline.py`) writes what one process writes, byte for byte."""

import csv
import io
import json

from benchmarks.logs import rows as generated_rows
from tests.test_cli import ENV, run


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
