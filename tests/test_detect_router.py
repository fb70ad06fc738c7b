"""`/detect/` through the app in-process, with the real embedding model: groupings, formats, errors."""

import csv
import io
import json

import pytest

import anomaly_detector as ad
from tests.test_anomaly_detector import job


def jobs_csv(jobs: dict[str, list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["session", "log_message"])
    for session, lines in jobs.items():
        writer.writerows([session, line] for line in lines)
    return out.getvalue().encode()


BATCH = {**{f"job-{i}": job(i) for i in range(1, 12)}, "job-12": job(12, failed=True)}


def post(client, body: bytes, **params):
    return client.post("/detect/", params=params, files={"file": ("logs.csv", body, "text/csv")})


def test_column_grouping_answers_json_in_first_seen_order(make_client):
    response = post(make_client(), jobs_csv(BATCH), group_by="column:session")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["detector"] == "zero-shot"
    assert answer["sequences"] == 12 and answer["anomalies"] == 1
    results = answer["results"]
    assert [r["sequence_id"] for r in results] == list(BATCH)
    failed = results[-1]
    assert failed["anomaly"] and failed["lines"] == 4 and sum(failed["labels"].values()) == 4
    assert failed["evidence"][0]["rows"] == [47] and "failed" in failed["evidence"][0]["template"]


def test_regex_and_window_groupings_and_csv_format(make_client):
    client = make_client()
    lines = [f"{line} on blk_{number}" for number, lines in enumerate(BATCH.values(), 1) for line in lines]
    body = ("log_message\n" + "\n".join(lines) + "\n").encode()
    by_block = post(client, body, group_by=r"regex:blk_\d+").json()
    assert [r["sequence_id"] for r in by_block["results"]] == [f"blk_{i}" for i in range(1, 13)]
    assert [r["anomaly"] for r in by_block["results"]] == [False] * 11 + [True]

    windows = post(client, body, group_by="window:8", step=4, format="csv")
    assert windows.status_code == 200 and windows.headers["x-detector"] == "zero-shot"
    rows = list(csv.DictReader(io.StringIO(windows.text)))
    assert rows[0]["sequence_id"] == "rows 1-8" and rows[1]["sequence_id"] == "rows 5-12"
    assert {r["anomaly"] for r in rows} == {"true", "false"}
    assert all("47" in r["evidence_rows"].split() for r in rows if r["anomaly"] == "true")


def test_semicolon_file_without_source_column(make_client):
    body = jobs_csv(BATCH).replace(b",", b";")
    answer = post(make_client(), body, group_by="column:session").json()
    assert [r["anomaly"] for r in answer["results"]] == [False] * 11 + [True]


@pytest.mark.parametrize("params, problem", [
    ({"group_by": "column:job"}, "unknown column 'job'"),
    ({"group_by": r"regex:blk_\d+"}, "matches none of the 48 lines"),
    ({"group_by": "session"}, "unknown grouping"),
    ({"group_by": "column:session", "step": 2}, "step applies only"),
])
def test_bad_input_is_a_400_naming_it(make_client, params, problem):
    response = post(make_client(), jobs_csv(BATCH), **params)
    assert response.status_code == 400
    assert problem in response.json()["detail"]


def test_json_body(make_client):
    body = {"sequences": [{"id": name, "logs": lines} for name, lines in BATCH.items()]}
    answer = make_client().post("/detect/json", json=body).json()
    assert [r["anomaly"] for r in answer["results"]] == [False] * 11 + [True]


def test_saved_detector_from_detector_path(make_client, offline_classifier, tmp_path):
    history = ad.annotate(ad.from_json([(f"job-{i}", job(i)) for i in range(1, 40)]), offline_classifier)
    path = tmp_path / "detector.joblib"
    ad.save_detector(ad.BaselineDetector().fit(history), path)
    body = jobs_csv({"ok": job(70), "unfinished": job(71, unfinished=True)})
    answer = post(make_client(detector_path=path), body, group_by="column:session").json()
    assert answer["detector"] == "baseline"
    assert [r["anomaly"] for r in answer["results"]] == [False, True]

    metadata = json.loads(path.with_suffix(".json").read_text())
    metadata["versions"]["numpy"] = "1.0.0"
    path.with_suffix(".json").write_text(json.dumps(metadata))
    response = post(make_client(detector_path=path), body, group_by="column:session")
    assert response.status_code == 503
    assert "saved by another version: numpy 1.0.0" in response.json()["detail"]
