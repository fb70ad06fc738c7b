"""The one LLM client against the HTTP stand-in, through the real groq client."""

import threading
import time

import pytest

from llm_client import CLOSED, HALF_OPEN, OPEN, CircuitBreaker, LLMClient, LLMError, Usage
from settings import Settings
from tests.standin_llm import StandIn

KEY = "gsk_CLIENT_TEST_never_log_me_1234"


@pytest.fixture
def server():
    with StandIn(api_key=KEY) as standin:
        yield standin


def client_for(standin, **overrides) -> LLMClient:
    return LLMClient.from_settings(standin.settings(groq_api_key=KEY, **overrides))


def test_complete_returns_the_text_and_the_apis_usage(server):
    server.answer_next(1, '{"summary": "ok"}')
    client = client_for(server)
    completion = client.complete("You answer in JSON.", "Say ok.", json_mode=True, max_tokens=50)
    assert completion.text == '{"summary": "ok"}'
    request = server.requests[0]
    assert request.body["response_format"] == {"type": "json_object"}
    assert request.body["max_tokens"] == 50 and request.body["temperature"] == 0
    # The stand-in counts a token per 4 characters, as its `usage` says.
    prompt = (len("You answer in JSON.") + len("Say ok.")) // 4
    assert completion.usage == Usage(calls=1, prompt_tokens=prompt,
                                     completion_tokens=len('{"summary": "ok"}') // 4)


def test_failed_tries_are_counted_in_the_usage(server):
    server.fail_next(1, 429, headers={"retry-after": "0.1"})
    server.fail_next(1, 503)
    client = client_for(server)
    completion = client.complete("system", "user")
    assert completion.usage.calls == 3
    assert "response_format" not in server.requests[-1].body


def test_errors_say_their_cause_and_what_they_cost(server):
    server.fail_on["user"] = 500
    client = client_for(server, llm_max_retries=1)
    with pytest.raises(LLMError) as caught:
        client.complete("system", "[1] the user text")
    assert (caught.value.cause, caught.value.status, caught.value.split) == ("http_500", 500, True)
    assert caught.value.usage.calls == 2

    server.fail_on.clear()
    server.max_logs = 0
    with pytest.raises(LLMError) as caught:  # 413: not retried, worth splitting
        client.complete("system", "[1] a log")
    assert (caught.value.cause, caught.value.split, caught.value.usage.calls) == ("http_413", True, 1)


def test_no_key_fails_at_once_without_a_call(server):
    client = LLMClient.from_settings(Settings(_env_file=None, groq_api_key=None,
                                              groq_base_url=server.url))
    assert not client.available
    with pytest.raises(LLMError, match="no_key"):
        client.complete("system", "user")
    assert server.requests == []


def test_a_deferred_timeout_does_not_count_until_reported(server):
    server.hang_on["slow"] = 5.0
    client = client_for(server, llm_timeout_s=0.3, llm_max_retries=0)  # threshold 3
    for _ in range(4):
        with pytest.raises(LLMError, match="timeout"):
            client.complete("system", "[1] slow", defer_timeouts=True)
    assert client.breaker.state == CLOSED
    for _ in range(3):
        client.report_failure()
    assert client.breaker.state == OPEN


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_after_failures_in_a_row_and_lets_one_probe_through():
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=3, cool_off_s=1.0, max_cool_off_s=3.0, clock=clock)
    for _ in range(2):
        assert breaker.acquire(deadline=10) is False
        breaker.failure()
    breaker.success()  # a success in between starts the count again
    for _ in range(3):
        breaker.failure()
    assert breaker.state == OPEN
    assert breaker.acquire(deadline=0.5) is None  # half-opens after the deadline: give up
    clock.now = 1.0
    assert breaker.acquire(deadline=10) is True  # the probe
    assert breaker.state == HALF_OPEN
    assert breaker.acquire(deadline=1.0) is None  # a second caller would wait past its deadline
    breaker.failure(probe=True)  # the probe failed: open again, cool-off doubled
    clock.now = 2.9
    assert breaker.acquire(deadline=3.0) is None
    clock.now = 3.0
    assert breaker.acquire(deadline=10) is True
    breaker.failure(probe=True)  # doubled again, but no more than 3 s
    clock.now = 6.0
    assert breaker.acquire(deadline=10) is True
    breaker.success(probe=True)
    assert breaker.state == CLOSED and breaker.acquire(deadline=10) is False


def test_callers_wait_for_the_probe_and_go_on_when_it_succeeds():
    breaker = CircuitBreaker(threshold=1, cool_off_s=0.2, max_cool_off_s=1.0)
    breaker.failure()
    assert breaker.acquire(deadline=time.monotonic() + 5) is True  # waited 0.2 s, then probes
    answers = []
    waiter = threading.Thread(
        target=lambda: answers.append(breaker.acquire(deadline=time.monotonic() + 5)))
    waiter.start()
    time.sleep(0.2)
    assert answers == []  # waiting while the probe is out
    breaker.success(probe=True)
    waiter.join(2)
    assert answers == [False]
