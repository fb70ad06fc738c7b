"""The command line as a real subprocess: output, streams, exit codes, no half-written files."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.standin_llm import StandIn

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "GROQ_API_KEY": "", "PYTHONIOENCODING": "utf-8"}


def run(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "classify.py"), *args],
        input=stdin, capture_output=True, cwd=ROOT, env=env or ENV, timeout=300,
    )


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_help_explains_every_option():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--output", "--chunk-size", "--quiet", "--explain", "--excel-safe", "--encoding",
                   "--delimiter", "--llm-answers"):
        assert option in result.stdout.decode()


def test_file_to_file_keeps_columns_and_order(tmp_path):
    rows = [["id", "source", "log_message"]] + [
        [str(i), "web", f"User u{i} logged {'in' if i % 2 else 'out'}."] for i in range(25)
    ] + [["25", "LegacyCRM", "Quote approval workflow halted: approver missing"]]
    write_csv(tmp_path / "in.csv", rows)
    result = run(str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--chunk-size", "7", "--explain")
    assert result.returncode == 0, result.stderr.decode()
    got = list(csv.reader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert got[0] == ["id", "source", "log_message", "target_label", "tier", "confidence"]
    assert [row[:3] for row in got[1:]] == rows[1:]
    assert [row[3] for row in got[1:26]] == ["User Action"] * 25
    assert got[26][3:5] == ["Unclassified", "none"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o666 & ~umask  # as a plain new file


def test_stdin_to_stdout():
    body = b"source,log_message\nweb,Backup completed successfully.\n"
    result = run("-", "-o", "-", "--quiet", stdin=body)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == "source,log_message,target_label\nweb,Backup completed successfully.,System Notification\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("source,text\nweb,hello\n", "missing required column(s): log_message"),
        (None, "cannot read"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, message):
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_text(content)
    result = run(str(source), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not (tmp_path / "out.csv").exists()


def test_bad_arguments_exit_2():
    assert run("only-input.csv").returncode == 2
    assert run("a.csv", "-o", "b.csv", "--chunk-size", "0").returncode == 2


def test_failure_midway_leaves_no_output(tmp_path):
    rows = [["source", "log_message"]] + [["web", f"User u{i} logged in."] for i in range(50)]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    (tmp_path / "in.csv").write_text(text.getvalue() + "web,ragged,row\n")
    out = tmp_path / "out.csv"
    out.write_text("previous answer\n")
    result = run(str(tmp_path / "in.csv"), "-o", str(out), "--chunk-size", "10")
    assert result.returncode == 2
    assert "line 52 has 3 field(s)" in result.stderr.decode()
    assert out.read_text() == "previous answer\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_other_failures_exit_1(tmp_path):
    write_csv(tmp_path / "in.csv", [["source", "log_message"], ["web", "something odd happened"]])
    env = {**ENV, "MODEL_PATH": str(tmp_path / "no-such-model.joblib")}
    result = run(str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), env=env)
    assert result.returncode == 1
    assert "no-such-model.joblib" in result.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def gbk_file_with_one_bad_line() -> bytes:
    """419 rows; the only non-ASCII bytes (GBK) on line 401."""
    lines = ["source,log_message"] + [f"web,User u{n} logged in." for n in range(2, 421)]
    lines[400] = "web,用户 u401 登录"
    return ("\n".join(lines) + "\n").encode("gbk")


def test_an_undecodable_byte_names_the_same_line_as_over_http(tmp_path, embedding):
    from fastapi.testclient import TestClient

    from classify import LogClassifier
    from llm_processor import LLMClassifier
    from server import create_app
    from tests.conftest import make_settings

    data = gbk_file_with_one_bad_line()
    (tmp_path / "in.csv").write_bytes(data)
    result = run(str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    from_cli = result.stderr.decode().strip().removeprefix("classify.py: error: ")

    settings = make_settings()
    app = create_app(settings, load=lambda s: LogClassifier(embedding, LLMClassifier.from_settings(s)))
    with TestClient(app) as client:
        response = client.post("/classify/", files={"file": ("in.csv", data)})
        assert response.status_code == 400
        over_http = response.json()["detail"]
        ok = client.post("/classify/", params={"encoding": "gbk"}, files={"file": ("in.csv", data)})
        assert ok.status_code == 200 and "用户 u401 登录" in ok.text
    assert from_cli == over_http
    assert over_http.startswith("the file is not UTF-8 text: byte 0xd3 on line 401 cannot be decoded")


def test_encoding_and_delimiter_options(tmp_path):
    data = "Source;Log_Message\r\nweb;Backup completed successfully.\r\nweb;Benutzer Jürgen\r\n"
    (tmp_path / "in.csv").write_bytes(data.encode("cp1252"))
    result = run(str(tmp_path / "in.csv"), "-o", "-", "--quiet", "--encoding", "cp1252",
                 "--delimiter", ";")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "Source;Log_Message;target_label"  # header as it came, same delimiter
    assert lines[1] == "web;Backup completed successfully.;System Notification"
    assert lines[2].startswith("web;Benutzer Jürgen;")
    bad = run(str(tmp_path / "in.csv"), "-o", "-", "--encoding", "klingon")
    assert bad.returncode == 2 and "unknown encoding 'klingon'" in bad.stderr.decode()


def test_llm_answers_are_exported_as_a_training_csv(tmp_path):
    """The LLM tier's answers, through the real groq client and the loopback stand-in."""
    crm = ["Quote approval workflow halted: approver missing", "Renewal case 77 stalled, owner left",
           "Quote approval workflow halted: approver missing"]
    rows = [["id", "source", "log_message"],
            ["1", "LegacyCRM", crm[0]], ["2", "web", "User u1 logged in."],
            ["3", "LegacyCRM", crm[1]], ["4", "LegacyCRM", crm[2]],
            ["5", "LegacyCRM", "Lead 12, \"urgent\"\nmerged twice"], ["6", "LegacyCRM", "Owner left"]]
    write_csv(tmp_path / "in.csv", rows)
    answers = tmp_path / "answers.csv"
    with StandIn(rules={"halted": "Workflow Error", "stalled": "Workflow Error", "Lead": "User Action"},
                 api_key="gsk_standin") as standin:
        standin.drop_for.add("Owner left")  # no answer for this one: not exported
        env = {**ENV, "GROQ_API_KEY": "gsk_standin", "GROQ_BASE_URL": standin.url,
               "LLM_TIMEOUT_S": "5", "LLM_MAX_RETRIES": "0"}
        result = run(str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"),
                     "--llm-answers", str(answers), env=env)
    assert result.returncode == 0, result.stderr.decode()
    exported = list(csv.reader(answers.open(encoding="utf-8", newline="")))
    assert exported == [["source", "log_message", "target_label"],
                        ["LegacyCRM", crm[0], "Workflow Error"],
                        ["LegacyCRM", crm[1], "Workflow Error"],
                        ["LegacyCRM", "Lead 12, \"urgent\"\nmerged twice", "User Action"]]
    labeled = list(csv.reader((tmp_path / "out.csv").open(encoding="utf-8", newline="")))
    assert [row[3] for row in labeled[1:]] == ["Workflow Error", "User Action", "Workflow Error",
                                               "Workflow Error", "User Action", "Unclassified"]


def test_a_bad_rules_file_stops_the_run_naming_the_line(tmp_path):
    write_csv(tmp_path / "in.csv", [["source", "log_message"], ["web", "Quote 7 approval stalled"]])
    (tmp_path / "rules.csv").write_text("pattern,label\nQuote \\d+ approval stalled,Workflow Error\n"
                                        "[unclosed,Error\n")
    result = run(str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"),
                 env={**ENV, "RULES_PATH": str(tmp_path / "rules.csv")})
    assert result.returncode == 2
    assert "rules.csv: line 3: bad pattern '[unclosed'" in result.stderr.decode()
    assert not (tmp_path / "out.csv").exists()

    (tmp_path / "rules.csv").write_text("pattern,label\nQuote \\d+ approval stalled,Workflow Error\n")
    result = run(str(tmp_path / "in.csv"), "-o", "-", "--explain", "-q",
                 env={**ENV, "RULES_PATH": str(tmp_path / "rules.csv")})
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines()[1] == "web,Quote 7 approval stalled,Workflow Error,regex,1.0"
