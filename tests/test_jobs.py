"""Asynchronous jobs: in-process through the app, and the real server process killed mid-job.

The slow jobs send LegacyCRM lines to the LLM stand-in, which holds each call
for a moment, so a job is still running when it is stopped, cancelled or killed.
"""

import csv
import io
import json
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from classify import LogClassifier
from jobs import DONE, QUEUED, JobStore
from labels import SECURITY_ALERT, USER_ACTION, WORKFLOW_ERROR
from llm_processor import LLMClassifier
from server import create_app
from tests.conftest import make_settings
from tests.standin_llm import StandIn
from tests.test_server_process import llm_env, start_server  # noqa: F401 (the fixture)

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "test.csv"
RULES = {"escalation": WORKFLOW_ERROR, "permission": SECURITY_ALERT, "profile": USER_ACTION}
CHUNK = 6  # rows per chunk in the slow jobs: 4 LegacyCRM lines (one LLM call) and 2 regex lines


def slow_csv(tag: str, chunks: int = 10) -> tuple[bytes, list[str]]:
    """A CSV of `chunks` chunks, each one LLM call of 4 distinct lines; the body and those lines."""
    rows, legacy = [["id", "source", "log_message", "note"]], []
    for c in range(chunks):
        for k in range(4):
            message = f"{tag} ticket {c}-{k}: " + ("escalation rule skipped" if k % 2 else "profile synced")
            legacy.append(message)
            rows.append([str(len(rows)), "LegacyCRM", message, f"=c{c}"])
        rows += [[str(len(rows)), "ModernCRM", f"User User{c}{k} logged in.", ""] for k in range(2)]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue().encode(), legacy


@pytest.fixture
def open_app(embedding):
    """`with open_app(settings) as client`: a started app on the shared embedding model."""

    @contextmanager
    def start(settings, load=None):
        load = load or (lambda s: LogClassifier(embedding, LLMClassifier.from_settings(s), s.max_line_chars))
        with TestClient(create_app(settings, load=load)) as client:
            yield client

    return start


def wait_for(client, url: str, until, timeout: float = 60.0, **kwargs) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(url, **kwargs).json()
        if until(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job never reached the expected state: {job}")


def finished(job: dict) -> bool:
    return job["state"] not in ("queued", "running")


def submit(client, body: bytes, name: str = "logs.csv", **kwargs):
    return client.post("/jobs/", files={"file": (name, body, "text/csv")}, **kwargs)


def test_job_result_equals_the_synchronous_answer(open_app, tmp_path):
    body = SAMPLE.read_bytes()
    with open_app(make_settings(jobs_dir=tmp_path, chunk_size=7)) as client:
        params = {"explain": "true", "excel_safe": "true"}
        response = submit(client, body, "test.csv", params=params)
        assert response.status_code == 202, response.text
        job = response.json()
        assert job["state"] in ("queued", "running") and response.headers["location"] == job["url"]
        job = wait_for(client, job["url"], finished)
        sync = client.post("/classify/", params=params, files={"file": ("test.csv", body, "text/csv")})

        assert job["state"] == "done" and job["error"] is None
        assert job["rows_done"] == job["total"] == 20 == int(sync.headers["x-rows"])
        assert job["summary"]["labels"] == json.loads(sync.headers["x-label-counts"])
        assert job["summary"]["tiers"] == json.loads(sync.headers["x-tier-counts"])
        result = client.get(job["result_url"])
        assert result.status_code == 200
        assert result.content == sync.content
        assert result.headers["content-disposition"] == sync.headers["content-disposition"]
        assert [j["id"] for j in client.get("/jobs/").json()] == [job["id"]]
        assert (tmp_path / job["id"] / "result.csv").is_file()
        assert not (tmp_path / job["id"] / "result.csv.part").exists()


def test_a_job_reads_a_spreadsheet_export_as_the_synchronous_endpoint_does(open_app, tmp_path):
    body = "sep=;\r\nSource;Log_Message\r\nweb;Backup completed successfully.\r\nweb;Benutzer Jürgen\r\n"
    params = {"encoding": "cp1252", "delimiter": ";", "patterns": "true"}
    with open_app(make_settings(jobs_dir=tmp_path)) as client:
        job = submit(client, body.encode("cp1252"), params=params).json()
        job = wait_for(client, job["url"], finished)
        assert job["state"] == "done", job
        assert (job["encoding"], job["delimiter"], job["patterns"]) == ("cp1252", ";", True)
        sync = client.post("/classify/", params=params,
                           files={"file": ("logs.csv", body.encode("cp1252"), "text/csv")})
        assert sync.status_code == 200
        result = client.get(job["result_url"]).content
    assert result == sync.content
    assert result.decode().splitlines()[:2] == ["sep=;", "Source;Log_Message;target_label;pattern_id;template"]


def test_bad_input_gets_the_synchronous_detail(open_app, tmp_path):
    with open_app(make_settings(jobs_dir=tmp_path)) as client:
        def sync(body):
            return client.post("/classify/", files={"file": ("x.csv", body, "text/csv")})

        no_column = b"source,message\nweb,hello\n"
        response = submit(client, no_column)  # the header is checked before the 202
        assert response.status_code == 400
        assert response.json() == sync(no_column).json()
        assert [p for p in tmp_path.iterdir() if p.is_dir()] == []  # nothing spooled is left

        ragged = b"source,log_message\nweb,User User1 logged in.\nweb,a,b\n"
        job = wait_for(client, submit(client, ragged).json()["url"], finished)
        assert job["state"] == "failed" and job["error_status"] == 400
        assert job["error"] == sync(ragged).json()["detail"] == "line 3 has 3 field(s) but the header has 2"
        result = client.get(job["result_url"])
        assert result.status_code == 409 and job["error"] in result.json()["detail"]


def test_jobs_take_larger_uploads_and_refuse_a_full_disk(open_app, tmp_path):
    body = SAMPLE.read_bytes()  # 1,966 bytes
    settings = make_settings(jobs_dir=tmp_path, max_upload_mb=0.001, jobs_max_disk_mb=0.01)
    with open_app(settings) as client:
        assert client.post("/classify/", files={"file": ("t.csv", body)}).status_code == 413
        assert submit(client, body).status_code == 202
    with open_app(make_settings(jobs_dir=tmp_path / "full", jobs_max_disk_mb=0.002)) as client:
        response = submit(client, body)
        assert response.status_code == 507
        assert "JOBS_MAX_DISK_MB" in response.json()["detail"]
        assert client.get("/jobs/").json() == []
        assert [p.name for p in (tmp_path / "full").iterdir() if p.is_dir()] == []


def test_a_job_is_visible_only_with_the_key_that_made_it(open_app, tmp_path):
    body = SAMPLE.read_bytes()
    alice, bob = {"X-API-Key": "alice-key"}, {"Authorization": "Bearer bob-key"}
    with open_app(make_settings(jobs_dir=tmp_path, api_key="alice-key")) as client:
        assert submit(client, body).status_code == 401
        job = wait_for(client, submit(client, body, headers=alice).json()["url"], finished, headers=alice)
        assert job["state"] == "done"
        assert client.get(job["url"]).status_code == 401
    with open_app(make_settings(jobs_dir=tmp_path, api_key="bob-key")) as client:
        for method, url in [("GET", job["url"]), ("GET", job["result_url"]), ("DELETE", job["url"])]:
            assert client.request(method, url, headers=bob).status_code == 404
        assert client.get("/jobs/", headers=bob).json() == []
    with open_app(make_settings(jobs_dir=tmp_path, api_key="alice-key")) as client:
        assert client.get(job["result_url"], headers=alice).status_code == 200
        assert [j["id"] for j in client.get("/jobs/", headers=alice).json()] == [job["id"]]
    records = JobStore(tmp_path).get(job["id"])
    assert "alice-key" not in records.owner and len(records.owner) == 64  # a SHA-256, not the key


def test_delete_cancels_a_queued_job_and_finished_jobs_expire(open_app, embedding, tmp_path):
    loaded = threading.Event()

    def load_later(s):
        loaded.wait(30)
        return LogClassifier(embedding, LLMClassifier.from_settings(s), s.max_line_chars)

    body = SAMPLE.read_bytes()
    with open_app(make_settings(jobs_dir=tmp_path, jobs_ttl=2.0), load=load_later) as client:
        queued = submit(client, body).json()  # the models are not in yet: it stays queued
        assert client.get(queued["url"]).json()["state"] == "queued"
        deleted = client.delete(queued["url"])
        assert deleted.status_code == 200 and deleted.json()["state"] == "cancelled"
        assert client.get(queued["url"]).status_code == 404
        assert not (tmp_path / queued["id"]).exists()

        loaded.set()
        job = wait_for(client, submit(client, body).json()["url"], finished)
        assert job["state"] == "done" and job["expires"] is not None
        gone = wait_for(client, job["url"], lambda answer: "state" not in answer
                        and not (tmp_path / job["id"]).exists(), timeout=15)
        assert gone["detail"].startswith(f"no job {job['id']!r}")


def test_a_stopped_app_resumes_its_job_where_it_stopped(open_app, tmp_path):
    """Pattern columns included: the resumed job's rows keep the ids the full run gives them."""
    body, legacy = slow_csv("graceful")
    params = {"patterns": "true"}
    with StandIn(rules=RULES) as standin:
        standin.hang_on["ticket"] = 0.3
        settings = standin.settings(jobs_dir=tmp_path, chunk_size=CHUNK, llm_batch_size=4, llm_timeout_s=5)
        with open_app(settings) as client:
            job = submit(client, body, params=params).json()
            wait_for(client, job["url"], lambda j: j["rows_done"] >= CHUNK)
        # The app's shutdown stopped the job after a chunk; its checkpoint is on disk.
        stopped = JobStore(tmp_path).get(job["id"])
        assert stopped.state == QUEUED and CHUNK <= stopped.rows_done < 60
        assert stopped.rows_done % CHUNK == 0
        done_lines = legacy[: stopped.rows_done // CHUNK * 4]

        with open_app(settings) as client:
            resumed = wait_for(client, job["url"], finished)
            assert resumed["state"] == DONE and resumed["rows_done"] == resumed["total"] == 60
            # Chunks finished before the stop were not classified again (the LLM cache died with the app).
            assert all(standin.asked(message) == 1 for message in done_lines)
            result = client.get(resumed["result_url"]).content
            sync = client.post("/classify/", params=params,
                               files={"file": ("logs.csv", body, "text/csv")})
        assert result == sync.content and b"pattern_id,template" in result.splitlines()[0]
        assert resumed["summary"]["labels"] == json.loads(sync.headers["x-label-counts"])


def test_server_killed_mid_job_resumes_it_and_loses_nothing(start_server, tmp_path):
    body, legacy = slow_csv("killed")
    key = {"Authorization": "Bearer job-test-key"}
    with StandIn(rules=RULES) as standin:
        standin.hang_on["ticket"] = 0.4
        env = {**llm_env(standin, LLM_TIMEOUT_S="10"), "JOBS_DIR": str(tmp_path / "jobs"),
               "CHUNK_SIZE": str(CHUNK), "API_KEY": "job-test-key"}
        first = start_server(**env)
        first.wait_ready(key)
        job = httpx.post(f"{first.url}/jobs/", files={"file": ("big.csv", body)}, headers=key, timeout=30).json()
        wait_for(httpx, job["url"], lambda j: j["rows_done"] >= 2 * CHUNK, headers=key)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(30)
        killed_at = time.monotonic()
        checkpoint = JobStore(tmp_path / "jobs").get(job["id"])
        assert checkpoint.state == "running" and 2 * CHUNK <= checkpoint.rows_done < 60

        second = start_server(**env)
        second.wait_ready(key)
        url = job["url"].replace(first.url, second.url)
        assert httpx.get(url, timeout=10).status_code == 401
        resumed = wait_for(httpx, url, finished, headers=key)
        assert resumed["state"] == "done" and resumed["rows_done"] == resumed["total"] == 60
        # What was checkpointed before the kill was not asked again after it.
        done_lines = set(legacy[: checkpoint.rows_done // CHUNK * 4])
        assert not [r for r in standin.requests if r.received > killed_at and done_lines & set(r.logs)]
        result = httpx.get(f"{url}/result", headers=key, timeout=30)
        sync = httpx.post(f"{second.url}/classify/", files={"file": ("big.csv", body)}, headers=key, timeout=60)
        assert result.status_code == sync.status_code == 200
        assert result.content == sync.content
        assert "interrupted job(s) will resume" in second.output()

        # Cancelling a running job stops it after its chunk and deletes it.
        other, other_lines = slow_csv("cancelled")
        job = httpx.post(f"{second.url}/jobs/", files={"file": ("c.csv", other)}, headers=key, timeout=30).json()
        wait_for(httpx, job["url"], lambda j: j["rows_done"] >= CHUNK, headers=key)
        deleted = httpx.delete(job["url"], headers=key, timeout=10)
        assert deleted.status_code == 200 and deleted.json()["state"] == "cancelled"
        assert httpx.get(job["url"], headers=key, timeout=10).status_code == 404
        time.sleep(1.5)  # longer than a chunk's LLM call
        asked = sum(1 for r in standin.requests if set(other_lines) & set(r.logs))
        assert asked < 10  # 10 chunks, each one LLM call, had it run to the end
        assert not (tmp_path / "jobs" / job["id"]).exists()
