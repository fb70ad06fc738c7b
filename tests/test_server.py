"""The HTTP service in-process: answers, bad input, limits, authentication, concurrency."""

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from labels import ALL_LABELS
from server import create_app
from tests.conftest import make_settings

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "test.csv"


def upload(client, body: bytes, name="logs.csv", **params):
    return client.post("/classify/", params=params, files={"file": (name, body, "text/csv")})


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_sample_file_comes_back_labeled_in_order(client):
    original = SAMPLE.read_bytes()
    response = upload(client, original, name="test.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="test_classified.csv"' in response.headers["content-disposition"]
    sent, got = parse(original.decode()), parse(response.text)
    assert got[0] == sent[0] + ["target_label"]
    assert [row[:-1] for row in got[1:]] == sent[1:]
    labels = [row[-1] for row in got[1:]]
    assert set(labels) <= set(ALL_LABELS)
    by_message = {row[2]: row[-1] for row in got[1:]}
    assert by_message["User User4821 logged in."] == "User Action"
    assert by_message["Backup completed successfully."] == "System Notification"
    # No Groq key: LegacyCRM rows cannot be labeled by the LLM tier.
    assert all(row[-1] == "Unclassified" for row in got[1:] if row[1] == "LegacyCRM")
    counts = json.loads(response.headers["x-label-counts"])
    assert sum(counts.values()) == int(response.headers["x-rows"]) == len(sent) - 1
    assert int(response.headers["x-llm-unlabeled"]) >= 2


def test_explain_adds_tier_and_confidence(client):
    body = b"source,log_message\nModernCRM,User User1 logged in.\nLegacyCRM,Lead 7 could not be routed\n"
    rows = parse(upload(client, body, explain="true").text)
    assert rows[0] == ["source", "log_message", "target_label", "tier", "confidence"]
    assert rows[1][2:] == ["User Action", "regex", "1.0"]
    assert rows[2][2:] == ["Unclassified", "none", ""]
    tiers = json.loads(upload(client, body, explain="true").headers["x-tier-counts"])
    assert tiers == {"regex": 1, "none": 1}


def test_header_only_file_returns_header_with_label_column(client):
    response = upload(client, b"source,log_message,host\n")
    assert response.status_code == 200
    assert response.text == "source,log_message,host,target_label\n"
    assert response.headers["x-rows"] == "0"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"source,message\nweb,hello\n", "missing required column(s): log_message"),
        (b"log_message\nhello\n", "missing required column(s): source"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "UTF-8"),
        (b"source,log_message\nweb,caf\xe9 au lait\n", "not UTF-8"),
        (b'source,log_message\nweb,"unbalanced quote\n', "malformed CSV at line"),
        (b'source,log_message\nweb,"a"b\n', "malformed CSV at line 2"),
        (b"source,log_message\nweb,hello,extra\n", "line 2 has 3 field(s) but the header has 2"),
        (b"source,log_message\nweb,nul\x00byte\n", "NUL byte"),
        (b"source,log_message,target_label\nweb,hi,Error\n", "already has a column named 'target_label'"),
    ],
)
def test_bad_input_gets_400_naming_the_problem(client, body, expected):
    response = upload(client, body)
    assert response.status_code == 400
    assert expected in response.json()["detail"]


def test_missing_file_field_is_a_client_error(client):
    response = client.post("/classify/", data={"other": "x"})
    assert response.status_code == 422


def test_utf8_bom_and_utf16_are_read(client):
    text = "source,log_message\nweb,User Zoë logged in.\n"
    for encoded in (b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        response = upload(client, encoded)
        assert response.status_code == 200
        assert parse(response.text)[1] == ["web", "User Zoë logged in.", "User Action"]


def test_spreadsheet_exports_are_read_as_saved(client):
    # Excel's sep= hint: honoured, and written back with the same delimiter.
    response = upload(client, b"sep=;\r\nsource;log_message\r\nweb;User a logged in.\r\n")
    assert response.status_code == 200, response.text
    assert response.text == "sep=;\nsource;log_message;target_label\nweb;User a logged in.;User Action\n"
    # A European export: semicolons, cp1252 named.
    body = "Source;Log_Message\r\nweb;User Jürgen logged in.\r\n".encode("cp1252")
    response = upload(client, body, encoding="cp1252")
    assert response.status_code == 200, response.text
    assert response.text.splitlines() == ["Source;Log_Message;target_label",
                                          "web;User Jürgen logged in.;User Action"]
    # Excel "Unicode text": UTF-16 with BOM, tab-separated; the header's spacing kept.
    body = " source \t LOG_MESSAGE\r\nweb\tUser Zoë logged in.\r\n".encode("utf-16")
    response = upload(client, body)
    assert response.status_code == 200, response.text
    assert parse_tabs(response.text) == [[" source ", " LOG_MESSAGE", "target_label"],
                                         ["web", "User Zoë logged in.", "User Action"]]
    # A named delimiter.
    response = upload(client, b"source|log_message\nweb|User a logged in.\n", delimiter="|")
    assert response.text.splitlines()[1] == "web|User a logged in.|User Action"


def parse_tabs(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter="\t"))


@pytest.mark.parametrize(("body", "params", "expected"), [
    ("source,log_message\nweb,用户登录\n".encode("gbk"), {},
     "the file is not UTF-8 text: byte 0xd3 on line 2 cannot be decoded"),
    (b"source,log_message\nweb,x\n", {"encoding": "klingon"}, "unknown encoding 'klingon'"),
    (b"source,log_message\nweb,x\n", {"delimiter": "::"}, "delimiter must be one character"),
    (b"source:log_message\nweb:x\n", {}, "none of the delimiters , ; tab | yields both"),
])
def test_unreadable_exports_get_400_naming_the_line_or_option(client, body, params, expected):
    response = upload(client, body, **params)
    assert response.status_code == 400
    assert expected in response.json()["detail"]


def test_blank_lines_are_skipped_and_quoted_newlines_kept(client):
    body = b'source,log_message\n\nweb,"two\nlines"\n\nweb,User a logged in.\n'
    rows = parse(upload(client, body).text)
    assert [row[:2] for row in rows[1:]] == [["web", "two\nlines"], ["web", "User a logged in."]]


def test_excel_safe_escapes_formula_cells(client):
    body = b'source,log_message,note\n=cmd,User a logged in.,"+1"\nweb,@SUM(A1),-2\n'
    rows = parse(upload(client, body, excel_safe="true").text)
    assert rows[1] == ["'=cmd", "User a logged in.", "'+1", "User Action"]
    assert rows[2][:3] == ["web", "'@SUM(A1)", "'-2"]
    plain = parse(upload(client, body).text)
    assert plain[1][0] == "=cmd"


def test_long_line_is_returned_whole(client):
    message = "User a logged in. " + "x" * 50_000
    body = ("source,log_message\nweb," + message + "\n").encode()
    rows = parse(upload(client, body).text)
    assert rows[1][1] == message
    assert rows[1][2] in ALL_LABELS


def test_json_endpoint_keeps_order_and_summarises(client):
    logs = [
        {"source": "ModernCRM", "log_message": "User User9 logged out."},
        {"source": "LegacyCRM", "log_message": "Renewal workflow stalled for account 88"},
        {"source": "ModernCRM", "log_message": "Backup completed successfully."},
    ]
    response = client.post("/classify/json", json={"logs": logs})
    assert response.status_code == 200
    answer = response.json()
    assert [r["target_label"] for r in answer["results"]] == ["User Action", "Unclassified", "System Notification"]
    assert [r["tier"] for r in answer["results"]] == ["regex", "none", "regex"]
    assert answer["summary"] == {
        "rows": 3,
        "labels": {"User Action": 1, "Unclassified": 1, "System Notification": 1},
        "tiers": {"regex": 2, "none": 1},
        "llm_unlabeled": 1,
        "llm_calls": 0,  # no Groq key: nothing asked, nothing spent
        "llm_prompt_tokens": 0,
        "llm_completion_tokens": 0,
        "llm_cache_hits": 0,
    }


def test_json_endpoint_rejects_bad_bodies(client):
    assert client.post("/classify/json", json={"logs": [{"source": "a"}]}).status_code == 422
    assert client.post("/classify/json", content=b"not json",
                       headers={"content-type": "application/json"}).status_code == 422


def test_health_and_ready(client):
    assert client.get("/health").json() == {"status": "ok"}
    upload(client, b"source,log_message\nweb,User a logged in.\n")  # waits for the models
    assert client.get("/ready").json() == {"status": "ready"}


def test_ready_is_503_while_models_load():
    import threading

    release = threading.Event()

    def slow_load(settings):
        release.wait(10)
        raise RuntimeError("model file missing")

    with TestClient(create_app(make_settings(), load=slow_load)) as client:
        assert client.get("/ready").status_code == 503
        assert client.get("/health").status_code == 200
        release.set()
        response = upload(client, b"source,log_message\nweb,x\n")
        assert response.status_code == 503
        assert "model file missing" in response.json()["detail"]


def test_upload_over_limit_is_413(make_client):
    client = make_client(max_upload_mb=0.01)  # about 10 KB
    big = b"source,log_message\n" + b"web,User a logged in.\n" * 1_000
    response = upload(client, big)
    assert response.status_code == 413
    assert "MAX_UPLOAD_MB" in response.json()["detail"]

    def chunks():  # no Content-Length: counted while it streams
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
        for _ in range(100):
            yield b"web,User a logged in.\n" * 50
        yield b"\r\n--b--\r\n"

    streamed = client.post("/classify/", content=chunks(),
                           headers={"content-type": "multipart/form-data; boundary=b"})
    assert streamed.status_code == 413
    assert upload(client, b"source,log_message\nweb,User a logged in.\n").status_code == 200


def test_too_many_rows_is_413(make_client):
    client = make_client(max_rows=3)
    body = b"source,log_message\n" + b"web,User a logged in.\n" * 4
    response = upload(client, body)
    assert response.status_code == 413
    assert "MAX_ROWS" in response.json()["detail"]
    assert upload(client, b"source,log_message\n" + b"web,User a logged in.\n" * 3).status_code == 200
    logs = [{"source": "web", "log_message": "x"}] * 4
    assert client.post("/classify/json", json={"logs": logs}).status_code == 413


def test_api_key_when_set(make_client):
    client = make_client(api_key="s3cret-key")
    body = b"source,log_message\nweb,User a logged in.\n"
    assert upload(client, body).status_code == 401
    assert client.post("/classify/", files={"file": ("a.csv", body)},
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/classify/", files={"file": ("a.csv", body)},
                       headers={"Authorization": "Bearer s3cret-key"}).status_code == 200
    assert client.post("/classify/json", json={"logs": []},
                       headers={"X-API-Key": "s3cret-key"}).status_code == 200
    assert client.get("/ready").status_code == 401
    assert client.get("/health").status_code == 200
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def scrape(client, **headers) -> dict:
    """{(name, frozenset(labels)): value} of every sample /metrics answers."""
    from prometheus_client.parser import text_string_to_metric_families

    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def test_metrics_count_requests_rows_uploads_and_caches(make_client):
    client = make_client(api_key="s3cret-key")
    auth = {"Authorization": "Bearer s3cret-key"}
    assert client.get("/metrics").status_code == 401
    body = (b"source,log_message\nweb,User a logged in.\nweb,User b logged in.\n"
            b"web,Nightly report job for tenant 4 finished with 3 warnings\n")
    assert client.post("/classify/", files={"file": ("a.csv", body)}, headers=auth).status_code == 200
    assert client.post("/classify/", files={"file": ("a.csv", b"nope")}, headers=auth).status_code == 400
    metrics = scrape(client, **auth)

    def value(name, **labels):
        return metrics.get((name, frozenset(labels.items())), 0)

    assert value("http_requests_total", handler="/classify/", method="POST", status="200") == 1
    assert value("http_requests_total", handler="/classify/", method="POST", status="400") == 1
    assert value("http_requests_total", handler="/metrics", method="GET", status="401") == 0  # excluded
    assert value("http_request_duration_seconds_count", handler="/classify/", method="POST",
                 status="200") == 1
    assert value("logclf_rows_total", tier="regex", label="User Action") == 2
    assert sum(v for (name, _), v in metrics.items() if name == "logclf_rows_total") == 3
    assert value("logclf_upload_bytes_count") == 2
    assert value("logclf_upload_bytes_sum") == len(body) + len(b"nope")
    assert value("logclf_llm_calls_total") == 0  # no Groq key
    assert value("logclf_llm_breaker_state", logclf_llm_breaker_state="closed") == 1
    assert value("logclf_llm_breaker_state", logclf_llm_breaker_state="open") == 0
    assert value("logclf_cache_lookups_total", cache="embedding") >= 1
    assert value("logclf_cache_entries", cache="embedding") >= 1
    assert ("logclf_cache_hits_total", frozenset({("cache", "llm")})) in metrics


def test_open_without_api_key(client):
    assert upload(client, b"source,log_message\nweb,User a logged in.\n").status_code == 200


def test_concurrent_uploads_each_get_their_own_rows(client):
    def job(n: int) -> tuple[list[list[str]], str]:
        rows = [["web", f"User user{n}x{i} logged in.", f"file{n}-row{i}"] for i in range(40 + n)]
        text = io.StringIO()
        csv.writer(text).writerows([["source", "log_message", "tag"], *rows])
        return rows, upload(client, text.getvalue().encode()).text

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(job, range(8)))
    for sent, text in answers:
        got = parse(text)
        assert [row[:3] for row in got[1:]] == sent
        assert {row[3] for row in got[1:]} == {"User Action"}


def test_openapi_describes_endpoints_and_errors(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"/classify/", "/classify/json", "/patterns/", "/health", "/ready", "/metrics"} <= set(paths)
    csv_post = paths["/classify/"]["post"]
    assert {"400", "401", "413", "503"} <= set(csv_post["responses"])
    assert {p["name"] for p in csv_post["parameters"]} == {
        "explain", "excel_safe", "encoding", "delimiter", "patterns"}


def test_bare_carriage_return_in_a_cell_round_trips(client):
    text = io.StringIO()
    csv.writer(text).writerows([["source", "log_message", "note"], ["web", "User a logged in.", "a\rb"]])
    rows = parse(upload(client, text.getvalue().encode()).text)
    assert rows[1] == ["web", "User a logged in.", "a\rb", "User Action"]


def test_docs_need_no_cdn(client):
    for page, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        html = client.get(page).text
        assert "cdn" not in html.lower()
        src = next(part.split('"')[0] for part in html.split('src="')[1:] if asset in part)
        served = client.get(src)
        assert served.status_code == 200 and len(served.content) > 100_000
