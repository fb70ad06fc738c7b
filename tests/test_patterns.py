"""POST /patterns/, /classify/?patterns=true and `classify.py --patterns`: shape, invariants, errors."""

import csv
import io
import json
from datetime import datetime, timedelta, timezone

from template_miner import matches
from tests.test_cli import run
from tests.test_server import SAMPLE, parse

START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def loghub_style_csv() -> bytes:
    """A made-up sshd/HDFS-style batch over 50 minutes, with a timestamp column."""
    users = ("admin", "oracle", "test", "guest", "ubuntu", "git")
    rows = [("timestamp", "source", "log_message")]
    for i in range(60):
        at = (START + timedelta(seconds=50 * i)).isoformat()
        if i % 3 == 0:
            line = f"Failed password for invalid user {users[i // 3 % 6]} from 183.62.{i}.25 port {40000 + i} ssh2"
            rows.append((at, "sshd", line))
        elif i % 3 == 1:
            rows.append((at, "hdfs", f"Receiving block blk_{1000 + i} src: /10.250.{i}.3:{5000 + i} dest: /10.250.1.{i}:50010"))
        else:
            rows.append((at, "hdfs", f"PacketResponder {i % 3} for block blk_-{700 + i} terminating"))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def post_patterns(client, body: bytes, **params):
    return client.post("/patterns/", params=params, files={"file": ("logs.csv", body, "text/csv")})


def check_invariants(answer: dict, data_rows: list[list[str]], header: list[str]) -> None:
    """Counts add up, samples are real rows that match their pattern, ids are unique."""
    message = header.index("log_message")
    patterns = answer["patterns"]
    assert answer["rows"] == len(data_rows) == answer["summary"]["rows"]
    assert sum(p["count"] for p in patterns) == answer["rows"]
    assert abs(sum(p["share"] for p in patterns) - 1) < 1e-4
    assert len({p["id"] for p in patterns}) == len(patterns)
    assert [p["count"] for p in patterns] == sorted((p["count"] for p in patterns), reverse=True)
    totals: dict[str, int] = {}
    for p in patterns:
        assert sum(p["labels"].values()) == p["count"] == sum(p["sources"].values())
        assert 1 <= len(p["samples"]) <= min(3, p["count"])
        for sample in p["samples"]:
            assert data_rows[sample["row"] - 1][message] == sample["log_message"]
            assert matches(p["template"], sample["log_message"])
        for parameter in p["parameters"]:
            assert sum(v["count"] for v in parameter["top"]) <= p["count"]
            assert parameter["distinct"] >= len(parameter["top"])
        for label, count in p["labels"].items():
            totals[label] = totals.get(label, 0) + count
    assert totals == answer["summary"]["labels"]


def test_sample_file_answers_patterns_with_a_timeline(client):
    body = SAMPLE.read_bytes()
    response = post_patterns(client, body)
    assert response.status_code == 200
    answer = response.json()
    header, *data_rows = parse(body.decode())
    check_invariants(answer, data_rows, header)
    time = answer["time"]
    assert time["column"] == "timestamp" and time["unparsed"] == 0
    for p in answer["patterns"]:
        assert len(p["timeline"]) == time["buckets"]
        assert sum(p["timeline"]) == p["count"]
        assert p["first_seen"] <= p["last_seen"]


def test_loghub_style_batch_groups_by_template(client):
    body = loghub_style_csv()
    answer = post_patterns(client, body).json()
    header, *data_rows = parse(body.decode())
    check_invariants(answer, data_rows, header)
    templates = {p["template"]: p for p in answer["patterns"]}
    assert set(templates) == {
        "Failed password for invalid user <*> from <IP> port <NUM> ssh<NUM>",
        "Receiving block blk_<NUM> src: /<IP> dest: /<IP>",
        "PacketResponder <NUM> for block <NAME> terminating",
    }
    failed = templates["Failed password for invalid user <*> from <IP> port <NUM> ssh<NUM>"]
    assert failed["count"] == 20 and failed["sources"] == {"sshd": 20}
    users = next(p for p in failed["parameters"] if p["position"] == 5)
    assert users["distinct"] == 6 and users["exact"]
    assert {v["value"] for v in users["top"]} <= {"admin", "oracle", "test", "guest", "ubuntu", "git"}
    assert [s["row"] for s in failed["samples"]] == [1, 4, 7]
    assert failed["first_seen"] == "2026-11-02T09:00:00Z"
    assert failed["last_seen"] == (START + timedelta(seconds=50 * 57)).isoformat().replace("+00:00", "Z")
    time = answer["time"]
    assert time["bucket_seconds"] * time["buckets"] >= 50 * 59 and time["buckets"] <= 60


def test_time_column_can_be_named_and_absent_means_no_timeline(client):
    body = b"when,source,log_message\n1793610000,web,cache warmed in 3 ms\n1793610060000,web,cache warmed in 4 ms\n"
    named = post_patterns(client, body, time_column="when").json()
    assert named["time"]["column"] == "when" and named["time"]["unparsed"] == 0
    assert named["patterns"][0]["first_seen"] == "2026-11-02T09:00:00Z"
    assert named["patterns"][0]["last_seen"] == "2026-11-02T09:01:00Z"
    plain = post_patterns(client, b"source,log_message\nweb,cache warmed in 3 ms\n").json()
    assert plain["time"] is None and plain["patterns"][0]["timeline"] is None


def test_classify_with_patterns_columns_match_the_patterns_answer(client):
    body = loghub_style_csv()
    labeled = client.post("/classify/", params={"patterns": "true"},
                          files={"file": ("logs.csv", body, "text/csv")})
    assert labeled.status_code == 200
    header, *rows = parse(labeled.text)
    assert header[-3:] == ["target_label", "pattern_id", "template"]
    answer = post_patterns(client, body).json()
    by_id = {str(p["id"]): p for p in answer["patterns"]}
    counts: dict[str, int] = {}
    for row in rows:
        pattern = by_id[row[-2]]
        assert row[-1] == pattern["template"] and matches(pattern["template"], row[2])
        counts[row[-2]] = counts.get(row[-2], 0) + 1
    assert counts == {pid: p["count"] for pid, p in by_id.items()}


def test_bad_input_is_a_clear_4xx(client, make_client):
    missing = post_patterns(client, b"source,message\nweb,hello\n")
    assert missing.status_code == 400 and "log_message" in missing.json()["detail"]
    assert post_patterns(client, b"\xff\xfe\x00garbage").status_code == 400
    taken = post_patterns(client, b"source,log_message,pattern_id\nweb,hello,1\n")
    assert taken.status_code == 400 and "pattern_id" in taken.json()["detail"]
    unknown = post_patterns(client, SAMPLE.read_bytes(), time_column="ts")
    assert unknown.status_code == 400 and "ts" in unknown.json()["detail"]
    limited = make_client(max_rows=5)
    assert post_patterns(limited, SAMPLE.read_bytes()).status_code == 413
    secured = make_client(api_key="s3cret-key")
    assert post_patterns(secured, SAMPLE.read_bytes()).status_code == 401
    assert secured.post("/patterns/", headers={"X-API-Key": "s3cret-key"},
                        files={"file": ("t.csv", SAMPLE.read_bytes(), "text/csv")}).status_code == 200


def test_openapi_describes_the_patterns_answer(client):
    schema = client.get("/openapi.json").json()
    answer = schema["paths"]["/patterns/"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"].endswith("/PatternsResponse")
    assert {"id", "template", "count", "samples", "parameters", "timeline"} <= set(
        schema["components"]["schemas"]["PatternOut"]["properties"])


def test_cli_patterns_columns_and_json_agree(tmp_path):
    (tmp_path / "in.csv").write_bytes(loghub_style_csv())
    result = run(str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--chunk-size", "7",
                 "--patterns-json", str(tmp_path / "patterns.json"), "-q")
    assert result.returncode == 0, result.stderr.decode()
    header, *rows = list(csv.reader((tmp_path / "out.csv").open(newline="", encoding="utf-8")))
    answer = json.loads((tmp_path / "patterns.json").read_text(encoding="utf-8"))
    input_header, *input_rows = parse(loghub_style_csv().decode())
    check_invariants(answer, input_rows, input_header)
    by_id = {str(p["id"]): p["template"] for p in answer["patterns"]}
    assert header[-2:] == ["pattern_id", "template"]
    assert all(by_id[row[-2]] == row[-1] for row in rows) and len(rows) == answer["rows"]
    piped = run("-", "-o", "-", "--patterns", "-q", stdin=loghub_style_csv())
    assert piped.returncode == 0
    assert [row[-2:] for row in parse(piped.stdout.decode())[1:]] == [row[-2:] for row in rows]


def test_value_counts_are_bounded_and_say_when_approximate():
    from patterns import KeyIndex, PatternSummary

    lines = [f"connection from 10.0.0.{i} closed" for i in range(10)] + ["connection from 10.0.0.1 closed"] * 5
    rows = [["web", line] for line in lines]
    index = KeyIndex(max_values=2)
    index.add(lines)
    summary = PatternSummary(index, ["source", "log_message"])
    summary.add(rows, ["Error"] * len(rows))
    (pattern,) = summary.as_dict()["patterns"]
    (address,) = pattern["parameters"]
    assert pattern["template"] == "connection from <IP> closed" and pattern["count"] == 15
    assert not address["exact"] and address["distinct"] <= 4
    assert address["top"][0] == {"value": "10.0.0.1", "count": 6}
