"""A stand-in for Groq's chat API: a real HTTP server on 127.0.0.1, for tests.

It speaks `POST /openai/v1/chat/completions` (the path the `groq` client adds
to its base URL) and answers a proper `chat.completion`. The real client and
`llm_processor` are pointed at it through the base URL; nothing is mocked.

    from tests.standin_llm import StandIn

    with StandIn(rules={"GET /": "HTTP Status"}) as standin:
        settings = standin.settings()            # Settings aimed at it, tiny timeouts
        ...
        standin.requests                         # every request: body, logs, time received

or, in a test module, `from tests.standin_llm import standin  # noqa: F401` and
take the `standin` fixture.

How it answers: the logs are the lines `[i] text` of the last user message;
each gets `[i] <category>LABEL</category>`, LABEL from the first `rules`
substring found in the log (else `default_label`). Faults to inject:

* `fail_next(n, status, headers)`: the next n calls get that status;
* `answer_next(n, text, headers)`: the next n calls get `text` as the answer
  (garbage, say), or a normal answer with extra `headers` when `text` is None;
* `fail_on[substring] = status`: every call with such a log gets the status;
* `fail_each_set = [429, 500]`: each distinct list of logs gets these statuses
  on its first calls, in order, and normal answers after;
* `hang_on[substring] = seconds`: a call with such a log hangs that long first;
* `label_for[substring] = label`: such logs get that label (any text at all);
* `drop_for.add(substring)`: no line for such logs;
* `max_logs = n`: calls with more than n logs get 413;
* `api_key = "..."`: other keys get 401.

Analysis prompts (JSON mode, `response_format` json_object) get a JSON
analysis instead (`analysis_answer`): it cites the first pattern listed (`P<id>`)
and its sample row, or, for a merge of partial analyses, the partials' own
root causes; it answers the operator's question when one is asked.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PATH = "/openai/v1/chat/completions"
_LOG_LINE = re.compile(r"^\[(\d+)\] ?(.*)$")
_PATTERN_LINE = re.compile(r"^P(\d+) \|.*?(?:\| sample row (\d+): .*)?$")
_QUESTION = re.compile(r"^The operator asks: (.*)$", re.MULTILINE)


@dataclass
class Request:
    """One request the stand-in received."""

    body: dict
    headers: dict
    received: float  # time.monotonic()
    logs: list[str] = field(default_factory=list)
    status: int = 0
    usage: dict = field(default_factory=dict)  # the `usage` answered, if any

    @property
    def system(self) -> str:
        return "\n".join(m.get("content") or "" for m in self.body.get("messages", [])
                         if m.get("role") == "system")

    @property
    def user(self) -> str:
        users = [m.get("content") or "" for m in self.body.get("messages", [])
                 if m.get("role") == "user"]
        return users[-1] if users else ""


def logs_of(user_message: str) -> list[str]:
    """The logs of a prompt: its lines `[i] text`, in order."""
    return [m.group(2) for m in map(_LOG_LINE.match, user_message.splitlines()) if m]


class StandIn:
    """A scriptable OpenAI-compatible chat server on 127.0.0.1 (see the module docstring)."""

    def __init__(self, rules: dict[str, str] | None = None,
                 default_label: str = "System Notification", api_key: str | None = None,
                 bare_single: bool = False):
        self.rules = dict(rules or {})
        self.default_label = default_label
        self.api_key = api_key
        self.bare_single = bare_single  # answer one-log calls with the bare tag
        self.fail_on: dict[str, int] = {}
        self.hang_on: dict[str, float] = {}
        self.label_for: dict[str, str] = {}
        self.drop_for: set[str] = set()
        self.max_logs: int | None = None
        self.fail_each_set: list[int] = []
        self._calls_per_set: dict[tuple[str, ...], int] = {}
        self.headers: dict[str, str] = {}  # added to every response
        self.requests: list[Request] = []
        self._scripted: deque = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Life cycle -----------------------------------------------------------------------------

    def start(self) -> "StandIn":
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                standin._handle(self)

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()  # hanging handlers return at once
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The base URL to give the groq client (GROQ_BASE_URL)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def settings(self, **overrides):
        """`Settings` aimed at this server, with tiny timeouts and backoffs."""
        from settings import Settings

        values = dict(_env_file=None, groq_api_key=self.api_key or "test-key",
                      groq_base_url=self.url, llm_timeout_s=1.0, llm_backoff_s=0.01,
                      llm_max_retries=2)
        values.update(overrides)
        return Settings(**values)

    # Scripting ------------------------------------------------------------------------------

    def fail_next(self, n: int, status: int, headers: dict | None = None,
                  body: dict | None = None) -> None:
        with self._lock:
            for _ in range(n):
                self._scripted.append(("fail", status, dict(headers or {}), body))

    def answer_next(self, n: int, text: str | None = None, headers: dict | None = None) -> None:
        with self._lock:
            for _ in range(n):
                self._scripted.append(("answer", 200, dict(headers or {}), text))

    def asked(self, message: str) -> int:
        """How many requests carried this log (exact line match)."""
        with self._lock:
            return sum(r.logs.count(message) for r in self.requests)

    def label(self, log: str) -> str | None:
        """The label the default behaviour gives a log (None: its line is dropped)."""
        if any(s in log for s in self.drop_for):
            return None
        for substring, label in self.label_for.items():
            if substring in log:
                return label
        for substring, label in self.rules.items():
            if substring in log:
                return label
        return self.default_label

    # Serving --------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        received = time.monotonic()
        length = int(handler.headers.get("content-length") or 0)
        raw = handler.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        request = Request(body=body, headers={k.lower(): v for k, v in handler.headers.items()},
                          received=received)
        request.logs = logs_of(request.user)
        with self._lock:
            self.requests.append(request)
            scripted = self._scripted.popleft() if self._scripted else None

        def send(status: int, payload: dict, headers: dict | None = None) -> None:
            request.status = status
            request.usage = payload.get("usage", {})
            data = json.dumps(payload).encode()
            try:
                handler.send_response(status)
                handler.send_header("content-type", "application/json")
                handler.send_header("content-length", str(len(data)))
                for name, value in {**self.headers, **(headers or {})}.items():
                    handler.send_header(name, value)
                handler.end_headers()
                handler.wfile.write(data)
            except OSError:  # the client gave up (timeout)
                pass

        if handler.path != PATH:
            return send(404, _error("unknown path", "not_found"))
        if self.api_key is not None and handler.headers.get("authorization") != f"Bearer {self.api_key}":
            return send(401, _error("Invalid API Key", "invalid_api_key"))
        for substring, seconds in self.hang_on.items():
            if any(substring in log for log in request.logs):
                self._closing.wait(seconds)
                break
        with self._lock:
            seen = self._calls_per_set.get(tuple(request.logs), 0)
            self._calls_per_set[tuple(request.logs)] = seen + 1
        if seen < len(self.fail_each_set):
            status = self.fail_each_set[seen]
            return send(status, _error(f"failing this set's call {seen + 1} ({status})", "scripted"))
        if scripted is not None:
            kind, status, headers, extra = scripted
            if kind == "fail":
                return send(status, extra or _error(f"scripted {status}", "scripted"), headers)
            if extra is not None:
                return send(200, self._completion(body, extra), headers)
            return send(200, self._completion(body, self._answer(request.logs)), headers)
        for substring, status in self.fail_on.items():
            if any(substring in log for log in request.logs):
                return send(status, _error(f"failing on purpose ({status})", "scripted"))
        if self.max_logs is not None and len(request.logs) > self.max_logs:
            return send(413, _error("Request Entity Too Large", "request_too_large"))
        if (body.get("response_format") or {}).get("type") == "json_object":
            return send(200, self._completion(body, analysis_answer(request.user)))
        return send(200, self._completion(body, self._answer(request.logs)))

    def _answer(self, logs: list[str]) -> str:
        if self.bare_single and len(logs) == 1:
            label = self.label(logs[0])
            return f"<category>{label}</category>" if label is not None else ""
        lines = [f"[{i}] <category>{label}</category>"
                 for i, label in enumerate(map(self.label, logs), 1) if label is not None]
        return "\n".join(lines)

    def _completion(self, body: dict, text: str) -> dict:
        with self._lock:
            number = len(self.requests)
        prompt_tokens = sum(len(m.get("content") or "") for m in body.get("messages", [])) // 4
        completion_tokens = len(text) // 4
        return {
            "id": f"chatcmpl-standin-{number}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "standin"),
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "logprobs": None,
                "finish_reason": "stop",
            }],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
            "system_fingerprint": "fp_standin",
            "x_groq": {"id": f"req_standin_{number}"},
        }


def analysis_answer(user_message: str) -> str:
    """A grounded JSON analysis of an analysis prompt (see the module docstring)."""
    patterns = [m.groups() for m in map(_PATTERN_LINE.match, user_message.splitlines()) if m]
    question = _QUESTION.search(user_message)
    if patterns:
        pattern, row = int(patterns[0][0]), patterns[0][1]
        causes = [{"cause": f"Pattern P{pattern} dominates the failures in this part",
                   "confidence": "medium",
                   "evidence": {"patterns": [pattern], "rows": [int(row)] if row else []}}]
        summary = f"Stand-in analysis of {len(patterns)} patterns; P{pattern} stands out."
    else:  # a merge: the partial analyses, one JSON object per line
        causes = []
        for line in user_message.splitlines():
            if line.startswith("{"):
                causes += json.loads(line).get("root_causes", [])[:1]
        pattern = causes[0]["evidence"]["patterns"][0] if causes and causes[0]["evidence"]["patterns"] else 0
        summary = f"Stand-in merge of {len(causes)} partial analyses."
    return json.dumps({
        "summary": summary,
        "root_causes": causes,
        "notable": [{"pattern": pattern, "reason": "error", "why": "listed first"}] if pattern else [],
        "recommendations": [f"Look at the rows of P{pattern} first."],
        "answer": f"Stand-in answer to: {question.group(1)}" if question else None,
    })


def _error(message: str, code: str) -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}


@pytest.fixture
def standin():
    """A running `StandIn`, closed after the test."""
    with StandIn() as server:
        yield server
