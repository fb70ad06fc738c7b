"""`classify.py --engine ray` on a real local Ray with 2 workers, against the single-process run."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from csv_io import InputError, open_csv
from ray_engine import _Outputs, list_inputs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "test.csv"


def single_process(classifier, path: Path, chunk_size: int) -> bytes:
    """What `classify.py FILE -o OUT --chunk-size N` writes for one file."""
    target = io.StringIO()
    with path.open("rb") as binary:
        classifier.classify_csv(open_csv(binary), target, chunk_size=chunk_size)
    return target.getvalue().encode()


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    sample = SAMPLE.read_text(encoding="utf-8")
    header, *rows = sample.splitlines(keepends=True)
    (folder / "sample.csv").write_text(sample, encoding="utf-8")
    (folder / "many.csv").write_text(header + "".join(rows * 9), encoding="utf-8")  # 180 rows
    (folder / "odd cells.csv").write_bytes(
        b"\xef\xbb\xbfid,source,log_message,extra\r\n"
        b'007,ModernCRM,"User User1 logged in.",NA\r\n'
        b'1.50,LegacyCRM,"Lead 12 merged, ""twice""",\r\n'
        b'x,BillingSystem,"Disk usage on /var reached 97%\nof capacity",=1+1\r\n')
    (folder / "empty.csv").write_text("source,log_message\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a CSV", encoding="utf-8")


def test_ray_folder_run_equals_the_single_process_run(offline_classifier, tmp_path):
    inputs, outputs = tmp_path / "in", tmp_path / "out"
    write_inputs(inputs)
    env = {**os.environ, "GROQ_API_KEY": ""}
    run = subprocess.run(
        [sys.executable, str(ROOT / "classify.py"), "--engine", "ray", str(inputs), "-o", str(outputs),
         "--workers", "2", "--chunk-size", "40"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "203 rows labeled" in run.stderr
    assert len(set(re.findall(r"Labeler pid=(\d+)", run.stderr))) == 2  # both workers loaded models
    written = sorted(path.name for path in outputs.iterdir())
    assert written == ["empty.csv", "many.csv", "odd cells.csv", "sample.csv"]  # no .part left, no .txt
    for name in written:
        expected = single_process(offline_classifier, inputs / name, chunk_size=40)
        assert (outputs / name).read_bytes() == expected, name


def test_inputs_are_a_folder_a_glob_or_a_file(tmp_path):
    write_inputs(tmp_path / "in")
    folder = tmp_path / "in"
    names = lambda location: [p.rsplit("/", 1)[-1] for p in list_inputs(location)[1]]  # noqa: E731
    assert names(str(folder)) == ["empty.csv", "many.csv", "odd cells.csv", "sample.csv"]
    assert names(str(folder / "*a*.csv")) == ["many.csv", "sample.csv"]
    assert names(str(folder / "empty.csv")) == ["empty.csv"]
    with pytest.raises(InputError, match="no such file or folder"):
        list_inputs(str(tmp_path / "missing"))
    with pytest.raises(InputError, match="no CSV files"):
        list_inputs(str(folder / "*.json"))
    with pytest.raises(InputError, match="overwrite the inputs"):
        filesystem, paths = list_inputs(str(folder))
        _Outputs(str(folder), paths, filesystem, excel_safe_output=False)
