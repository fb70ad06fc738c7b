"""Sequence anomaly detection: groupings, the three detectors, evidence, bad input, saved detectors, CLI."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import anomaly_detector as ad
from csv_io import InputError

REPO = Path(__file__).resolve().parent.parent


def job(number: int, failed: bool = False, unfinished: bool = False) -> list[str]:
    """The lines of a made-up batch job; a failed one logs an error at step 2."""
    lines = [f"Job {number} submitted by user{number % 5}",
             f"Job {number} step 1 completed in {100 + number} ms"]
    if failed:
        lines.append(f"Job {number} step 2 failed: database connection refused on db port 5432")
    else:
        lines.append(f"Job {number} step 2 completed in {200 + number} ms")
    if not unfinished:
        lines.append(f"Job {number} finished successfully")
    return lines


def as_rows(lines: list[str]):
    return [(row, "JobRunner", line, None) for row, line in enumerate(lines, start=1)]


def sequences_of(jobs: dict[str, list[str]], classifier) -> ad.Sequences:
    return ad.annotate(ad.from_json(list(jobs.items())), classifier)


# Groupings ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, problem", [
    ("session", "unknown grouping"),
    ("column:", "unknown grouping"),
    ("regex:blk_(", "not a valid regular expression"),
    ("window:0", "window size"),
    ("window:ten", "window size"),
])
def test_bad_groupings_are_named(text, problem):
    with pytest.raises(InputError, match=problem):
        ad.Grouping.parse(text)


def test_step_only_for_windows():
    with pytest.raises(InputError, match="step applies only"):
        ad.Grouping.parse("column:session", step=2)
    with pytest.raises(InputError, match="step must be"):
        ad.Grouping.parse("window:3", step=0)


def test_column_grouping_keeps_first_seen_order_and_rows():
    rows = [(1, "", "a", "s2"), (2, "", "b", "s1"), (3, "", "c", "s2"), (4, "", "d", "")]
    sequences = ad.collect(rows, ad.Grouping.parse("column:session"))
    assert sequences.ids == ["s2", "s1"]
    assert [r.tolist() for r in sequences.rows] == [[1, 3], [2]]


def test_regex_grouping_puts_a_line_naming_two_ids_in_both():
    lines = ["open blk_1", "copy blk_1 to blk_-2", "close blk_-2", "no block here"]
    sequences = ad.collect(as_rows(lines), ad.Grouping.parse(r"regex:blk_-?\d+"))
    assert sequences.ids == ["blk_1", "blk_-2"]
    assert [r.tolist() for r in sequences.rows] == [[1, 2], [2, 3]]


def test_window_grouping_with_and_without_step():
    lines = [f"line {i}" for i in range(1, 8)]
    plain = ad.collect(as_rows(lines), ad.Grouping.parse("window:3"))
    assert [r.tolist() for r in plain.rows] == [[1, 2, 3], [4, 5, 6], [7]]
    assert plain.ids == ["rows 1-3", "rows 4-6", "rows 7-7"]
    sliding = ad.collect(as_rows(lines), ad.Grouping.parse("window:3", step=2))
    assert [r.tolist() for r in sliding.rows] == [[1, 2, 3], [3, 4, 5], [5, 6, 7], [7]]


def test_lines_of_one_template_share_a_template_id():
    sequences = ad.collect(as_rows(job(1) + job(2)), ad.Grouping.parse("window:4"))
    assert len(sequences.templates) == 3  # steps 1 and 2 share "Job <NUM> step <NUM> completed in <NUM> ms"
    assert sequences.template_ids[0].tolist() == sequences.template_ids[1].tolist()


def test_grouping_that_matches_nothing_is_named():
    with pytest.raises(InputError, match="matches none of the 2 lines"):
        ad.collect(as_rows(["a", "b"]), ad.Grouping.parse(r"regex:blk_\d+"))


def test_unknown_column_is_named():
    text = io.BytesIO(b"log_message,session\nhello,s1\n")
    with pytest.raises(InputError, match="unknown column 'job'.*log_message, session"):
        list(ad.read_rows(text, ad.Grouping.parse("column:job")))


def test_source_column_is_optional_and_other_columns_are_kept_for_grouping():
    text = io.BytesIO(b"time,Session,log_message\n1,s1,hello\n2,s2,bye\n")
    rows = list(ad.read_rows(text, ad.Grouping.parse("column:session")))
    assert rows == [(1, "", "hello", "s1"), (2, "", "bye", "s2")]


# Detectors ----------------------------------------------------------------------------------------

def test_zero_shot_flags_the_rare_error_and_points_at_its_row(offline_classifier):
    jobs = {f"job-{i}": job(i) for i in range(1, 12)}
    jobs["job-12"] = job(12, failed=True)
    sequences = sequences_of(jobs, offline_classifier)
    results = ad.ZeroShotDetector().predict(sequences)
    assert [r.sequence_id for r in results] == list(jobs)
    flagged = [r.sequence_id for r in results if r.anomaly]
    assert flagged == ["job-12"]
    failed = results[-1]
    # Rows are numbered across the sequences sent: job-12's third line is row 11 * 4 + 3.
    assert failed.evidence[0].rows == [47]
    assert "failed" in failed.evidence[0].template
    assert failed.lines == 4 and sum(failed.labels.values()) == 4
    assert all(0 <= r.score <= 1 for r in results)
    assert max(r.score for r in results[:-1]) < failed.score


def test_baseline_flags_what_normal_history_never_did(offline_classifier):
    history = sequences_of({f"job-{i}": job(i) for i in range(1, 40)}, offline_classifier)
    detector = ad.BaselineDetector().fit(history)
    batch = sequences_of({"ok": job(50), "failed": job(51, failed=True),
                          "unfinished": job(52, unfinished=True)}, offline_classifier)
    results = {r.sequence_id: r for r in detector.predict(batch)}
    assert not results["ok"].anomaly and results["ok"].score == 0
    assert results["failed"].anomaly and results["unfinished"].anomaly
    top = results["failed"].evidence[0]
    assert "failed" in top.template and top.rows == [7] and top.expected == 0


def test_supervised_learns_the_labels(offline_classifier):
    jobs = {f"job-{i}": job(i, failed=i % 4 == 0) for i in range(1, 41)}
    train = sequences_of(jobs, offline_classifier)
    y = np.array([i % 4 == 0 for i in range(1, 41)])
    detector = ad.SupervisedDetector().fit(train, y)
    batch = sequences_of({"a": job(100), "b": job(101, failed=True)}, offline_classifier)
    results = detector.predict(batch)
    assert [r.anomaly for r in results] == [False, True]
    assert results[1].score > 0.5 > results[0].score
    assert results[1].evidence[0].rows == [7]


def test_supervised_needs_both_classes(offline_classifier):
    train = sequences_of({f"job-{i}": job(i) for i in range(1, 5)}, offline_classifier)
    with pytest.raises(InputError, match="only one class"):
        ad.SupervisedDetector().fit(train, np.zeros(4, dtype=bool))


# Labels and saved detectors -----------------------------------------------------------------------

def test_labels_file_in_loghub_format():
    labels = ad.read_labels(io.StringIO("BlockId,Label\nblk_1,Normal\nblk_2,Anomaly\n"))
    assert labels == {"blk_1": False, "blk_2": True}
    with pytest.raises(InputError, match="neither Normal nor Anomaly"):
        ad.read_labels(io.StringIO("ID,Label\nblk_1,broken\n"))


def test_labels_naming_no_sequence_are_refused(offline_classifier):
    sequences = sequences_of({"job-1": job(1)}, offline_classifier)
    with pytest.raises(InputError, match="names none of the input's 1 sequences"):
        ad.align_labels(sequences, {"blk_9": True})


def test_saved_detector_round_trip_and_version_check(offline_classifier, tmp_path):
    history = sequences_of({f"job-{i}": job(i) for i in range(1, 30)}, offline_classifier)
    detector = ad.BaselineDetector().fit(history)
    path = tmp_path / "detector.joblib"
    metadata = ad.save_detector(detector, path, {"fit_seconds": 1.5})
    saved = json.loads(path.with_suffix(".json").read_text())
    assert saved == metadata
    assert saved["versions"]["scikit-learn"] and saved["figures"]["sequences"] == 29
    batch = sequences_of({"ok": job(60), "failed": job(61, failed=True)}, offline_classifier)
    loaded = ad.load_detector(path)
    assert [r.as_dict() for r in loaded.predict(batch)] == [r.as_dict() for r in detector.predict(batch)]

    saved["versions"]["scikit-learn"] = "0.1"
    path.with_suffix(".json").write_text(json.dumps(saved))
    with pytest.raises(ad.DetectorVersionError, match="scikit-learn 0.1"):
        ad.load_detector(path)


# Command line -------------------------------------------------------------------------------------

def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "anomaly_detector.py"), *args], input=stdin,
                          capture_output=True, text=True, cwd=REPO, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "GROQ_API_KEY": "", "DETECTOR_PATH": ""})


def write_jobs(path: Path, jobs: dict[str, list[str]]) -> None:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "session", "log_message"])
        for session, lines in jobs.items():
            writer.writerows(["JobRunner", session, line] for line in lines)


def test_cli_fits_with_labels_and_detects(tmp_path):
    jobs = {f"job-{i}": job(i, failed=i % 4 == 0) for i in range(1, 41)}
    write_jobs(tmp_path / "history.csv", jobs)
    (tmp_path / "labels.csv").write_text("ID,Label\n" + "".join(
        f"job-{i},{'Anomaly' if i % 4 == 0 else 'Normal'}\n" for i in range(1, 41)))
    fit = run_cli("fit", str(tmp_path / "history.csv"), "--group-by", "column:session",
                  "--labels", str(tmp_path / "labels.csv"), "-o", str(tmp_path / "detector.joblib"))
    assert fit.returncode == 0, fit.stderr
    assert json.loads((tmp_path / "detector.json").read_text())["detector"] == "supervised"

    write_jobs(tmp_path / "new.csv", {"new-1": job(200), "new-2": job(201, failed=True)})
    detect = run_cli("detect", str(tmp_path / "new.csv"), "--group-by", "column:session",
                     "--model", str(tmp_path / "detector.joblib"), "-o", str(tmp_path / "out.csv"))
    assert detect.returncode == 0, detect.stderr
    rows = list(csv.DictReader(open(tmp_path / "out.csv")))
    assert [(r["sequence_id"], r["anomaly"], r["detector"]) for r in rows] == [
        ("new-1", "false", "supervised"), ("new-2", "true", "supervised")]
    assert rows[1]["evidence_rows"].split()[0] == "7"


def test_cli_raw_stdin_zero_shot():
    lines = [line for i in range(1, 12) for line in job(i)] + job(12, failed=True)
    detect = run_cli("detect", "-", "--raw", "--group-by", "window:4", "-o", "-", stdin="\n".join(lines))
    assert detect.returncode == 0, detect.stderr
    rows = list(csv.DictReader(io.StringIO(detect.stdout)))
    assert len(rows) == 12 and rows[-1]["sequence_id"] == "rows 45-48"
    assert [r["anomaly"] for r in rows] == ["false"] * 11 + ["true"]


@pytest.mark.parametrize("args, problem", [
    (["--group-by", "column:job"], "unknown column 'job'"),
    (["--group-by", r"regex:blk_\d+"], "matches none"),
    (["--group-by", "session"], "unknown grouping"),
    (["--group-by", "column:session", "--model", "nosuch.joblib"], "no detector at nosuch.joblib"),
])
def test_cli_bad_input_exits_2_naming_it(tmp_path, args, problem):
    write_jobs(tmp_path / "in.csv", {"job-1": job(1)})
    result = run_cli("detect", str(tmp_path / "in.csv"), *args, "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert problem in result.stderr
