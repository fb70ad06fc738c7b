"""One client for chat completions: retries, pacing, a circuit breaker and token accounting.

Every call to the chat model goes through `LLMClient.complete`, whatever asks it
(the LLM tier in `llm_processor`, the analysis feature):

    client = LLMClient.from_settings(settings)
    completion = client.complete(system, user, json_mode=False, max_tokens=256)
    completion.text        # the model's answer ('' when it gave none)
    completion.usage       # Usage: calls, prompt and completion tokens, retries, failures by cause

On failure it raises `LLMError` with a `cause` ('timeout', 'connection_error',
'http_500', 'auth', 'circuit_open', 'rate_limited', 'out_of_time', 'no_key',
'bad_response'), `split` (True when asking for less at once may help: 400, 413,
422, or retries used up) and the `usage` the failed tries cost. It never raises
anything else. Tokens are the API's own `usage` figures.

How a call goes
---------------
* Before each try: the circuit breaker must let it through (see below), then the
  shared `RateLimitPacer` waits while Groq's ``x-ratelimit-*`` headers say no
  request, or too few tokens, remain (``x-ratelimit-reset-*`` durations such as
  ``2m59.56s``). A wait that would end after the call's deadline is not begun.
* 429: waits for ``retry-after`` (every thread waits, through the pacer) or a
  backoff, then tries again, up to LLM_MAX_RETRIES times; a ``retry-after``
  longer than LLM_TIMEOUT_S gives up at once (cause 'rate_limited').
* 5xx, 408/409/425, timeouts, connection errors and bodies that are not a
  completion: retried `retries` times (default LLM_MAX_RETRIES) after an
  exponential backoff with jitter, LLM_BACKOFF_S * 2**k * (1 + U[0, 0.5)),
  capped at LLM_TIMEOUT_S; then `LLMError(split=True)`.
* `timeout_retries` sets the retries after timeouts apart, and
  `defer_timeouts=True` keeps them off the breaker's count: the caller, who can
  ask for parts of the request, tells the client with `report_failure()` only if
  the parts get no answer either (a timeout the parts explain was one message's
  problem, not an outage).
* 400, 413, 422: no retry, `split=True`. 401/403: the key is wrong; no retry,
  and every later call fails at once with cause 'auth' until restart (one error
  log). 404 and other 4xx: no retry, no split.
* Each try's timeout is min(LLM_TIMEOUT_S, time left to the deadline); the
  default deadline allows every retry and backoff (`call_deadline_s`).

Circuit breaker
---------------
Closed, it counts failed tries in a row (5xx, connection errors, timeouts not
deferred, 404 and other 4xx; 429, 400, 413 and 422 are the request's, not the
provider's, and count nothing). After LLM_MAX_RETRIES + 3 in a row, from any
thread, with no success in between, it opens for a cool-off of LLM_TIMEOUT_S.
Then it is half-open: exactly one caller makes a probe call while the others
wait. A probe answered closes it and everyone goes on; a probe that fails opens
it again with the cool-off doubled (up to `max_cool_off_s`, by default
8 * LLM_TIMEOUT_S; the LLM tier sets twice its batch deadline). A caller waits for the half-open state only when it comes before the
caller's deadline; otherwise it gives up at once ('circuit_open'). An outage
therefore costs a few failed calls and then one probe per cool-off, never a
pile of calls, and work that can still finish waits for the provider to return.

Logging: the API key and the prompts are never logged by this module.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 409, 425, 429}) | frozenset(range(500, 600))
SPLIT_STATUSES = frozenset({400, 413, 422})
AUTH_STATUSES = frozenset({401, 403})
_MARGIN_S = 0.05  # no try starts with less time than this left


@dataclass(frozen=True)
class Usage:
    """What completions cost: calls made (failed tries included), the API's token counts,
    retries, and failed tries by cause ('timeout', 'http_500', ...) with the calls not made
    ('circuit_open', 'rate_limited', 'out_of_time')."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    failures: Mapping[str, int] = field(default_factory=dict)

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(self.calls + other.calls, self.prompt_tokens + other.prompt_tokens,
                     self.completion_tokens + other.completion_tokens,
                     self.retries + other.retries,
                     dict(Counter(self.failures) + Counter(other.failures)))


@dataclass(frozen=True)
class Completion:
    """The model's answer text and what it cost, every try included."""

    text: str
    usage: Usage


class LLMError(Exception):
    """No completion: `cause` says why, `split` whether asking for less may help."""

    def __init__(self, cause: str, *, status: int | None = None, split: bool = False,
                 usage: Usage = Usage()):
        super().__init__(cause)
        self.cause = cause
        self.status = status
        self.split = split
        self.usage = usage


_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


def parse_duration(value: str | None) -> float | None:
    """Seconds in a Groq reset header ('2m59.56s', '7.66s', '120ms', '1h2m') or a number."""
    if value is None:
        return None
    value = value.strip().lower()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    parts = _DURATION_PART.findall(value)
    if not parts or "".join(a + b for a, b in parts) != value:
        return None
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(float(amount) * scale[unit] for amount, unit in parts)


def parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds asked by `retry-after-ms` or `retry-after` (seconds or an HTTP date)."""
    if not headers:
        return None
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return max(0.0, float(value) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = parse_duration(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    try:
        return int(float(headers[name]))
    except (KeyError, TypeError, ValueError):
        return None


class RateLimitPacer:
    """Shared by every thread: makes calls wait while the rate limit says none are left.

    Learns from Groq's x-ratelimit-* headers (and 429 retry-after); until told
    otherwise, or once a reset time has passed, it lets calls through.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep=time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._blocked_until = 0.0
        self._requests_left: int | None = None
        self._requests_reset = 0.0
        self._tokens_left: int | None = None
        self._tokens_reset = 0.0

    def update(self, headers: Mapping[str, str] | None) -> None:
        if not headers:
            return
        now = self._clock()
        requests_left = _int_header(headers, "x-ratelimit-remaining-requests")
        requests_reset = parse_duration(headers.get("x-ratelimit-reset-requests"))
        tokens_left = _int_header(headers, "x-ratelimit-remaining-tokens")
        tokens_reset = parse_duration(headers.get("x-ratelimit-reset-tokens"))
        with self._lock:
            if requests_left is not None and requests_reset is not None:
                self._requests_left, self._requests_reset = requests_left, now + requests_reset
            if tokens_left is not None and tokens_reset is not None:
                self._tokens_left, self._tokens_reset = tokens_left, now + tokens_reset

    def block_for(self, seconds: float) -> None:
        """No call starts for `seconds` (a 429's retry-after)."""
        with self._lock:
            self._blocked_until = max(self._blocked_until, self._clock() + seconds)

    def wait_turn(self, deadline: float, tokens: int = 0) -> bool:
        """Wait until a call may start; False, at once, when that is after `deadline`."""
        while True:
            with self._lock:
                now = self._clock()
                if self._requests_left is not None and now >= self._requests_reset:
                    self._requests_left = None
                if self._tokens_left is not None and now >= self._tokens_reset:
                    self._tokens_left = None
                until = self._blocked_until
                if self._requests_left is not None and self._requests_left <= 0:
                    until = max(until, self._requests_reset)
                if self._tokens_left is not None and self._tokens_left < tokens:
                    until = max(until, self._tokens_reset)
                if until <= now:
                    if self._requests_left is not None:
                        self._requests_left -= 1
                    if self._tokens_left is not None:
                        self._tokens_left -= tokens
                    return True
                if until > deadline:
                    return False
            self._sleep(until - now)


CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    """Closed → open after `threshold` failures in a row → half-open after a cool-off: one probe.

    `acquire(deadline)` waits for permission and answers None (give up), False
    (an ordinary call) or True (the probe); the caller then reports `success`,
    `failure` or `release` (an outcome that says nothing about the provider).
    """

    def __init__(self, threshold: int, cool_off_s: float, max_cool_off_s: float,
                 clock: Callable[[], float] = time.monotonic):
        self.threshold = max(1, threshold)
        self.cool_off_s = cool_off_s
        self.max_cool_off_s = max(cool_off_s, max_cool_off_s)
        self._clock = clock
        self._cond = threading.Condition()
        self.state = CLOSED
        self._failures_in_row = 0
        self._open_until = 0.0
        self._cool_off = cool_off_s
        self._probing = False

    def acquire(self, deadline: float) -> bool | None:
        with self._cond:
            while True:
                now = self._clock()
                if self.state == CLOSED:
                    return False
                if self.state == OPEN:
                    if now < self._open_until:
                        if self._open_until >= deadline:
                            return None
                        self._cond.wait(self._open_until - now)
                        continue
                    self.state = HALF_OPEN
                if not self._probing:
                    self._probing = True
                    return True
                if now >= deadline:
                    return None
                self._cond.wait(deadline - now)

    def success(self, probe: bool = False) -> None:
        with self._cond:
            self._failures_in_row = 0
            if probe:
                self._probing = False
            if self.state != CLOSED:
                self._cool_off = self.cool_off_s
                self.state = CLOSED
                self._cond.notify_all()

    def failure(self, probe: bool = False) -> None:
        with self._cond:
            if probe:
                self._probing = False
                self._cool_off = min(2 * self._cool_off, self.max_cool_off_s)
                self._open()
            elif self.state == CLOSED:
                self._failures_in_row += 1
                if self._failures_in_row >= self.threshold:
                    self._cool_off = self.cool_off_s
                    self._open()
                    log.warning("LLM API: %d calls failed in a row; no calls for %.0f s, then one probe",
                                self.threshold, self._cool_off)
            # a failure of a call begun before the breaker opened says nothing new

    def release(self, probe: bool = False) -> None:
        if probe:
            with self._cond:
                self._probing = False
                self._cond.notify_all()

    def _open(self) -> None:
        self._failures_in_row = 0
        self._open_until = self._clock() + self._cool_off
        self.state = OPEN
        self._cond.notify_all()


class LLMClient:
    """Chat completions from Groq's API (or a server speaking like it), guarded as described above."""

    def __init__(self, client=None, *, model: str = "llama-3.3-70b-versatile",
                 timeout_s: float = 30.0, max_retries: int = 3, backoff_s: float = 1.0,
                 max_cool_off_s: float | None = None):
        self.client = client
        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max(0, max_retries)
        self.backoff_s = max(0.0, backoff_s)
        self.pacer = RateLimitPacer()
        self.breaker = CircuitBreaker(self.max_retries + 3, timeout_s,
                                      max_cool_off_s if max_cool_off_s is not None else 8 * timeout_s)
        self._disabled = False
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> "LLMClient":
        """A client for GROQ_API_KEY at GROQ_BASE_URL; without a key, one whose calls fail ('no_key')."""
        key = settings.groq_api_key.get_secret_value().strip() if settings.groq_api_key else ""
        client = None
        if key:
            import groq

            client = groq.Groq(
                api_key=key,
                base_url=settings.groq_base_url or None,  # None: GROQ_BASE_URL, then Groq's own
                timeout=settings.llm_timeout_s,
                max_retries=0,  # retries are ours
            )
        return cls(client, model=settings.groq_model, timeout_s=settings.llm_timeout_s,
                   max_retries=settings.llm_max_retries, backoff_s=settings.llm_backoff_s)

    @property
    def available(self) -> bool:
        """A key is set and the API has not rejected it."""
        return self.client is not None and not self._disabled

    @property
    def call_deadline_s(self) -> float:
        """Seconds one `complete` may take by default: every try plus every backoff."""
        t = self.timeout_s
        backoff = sum(min(t, 1.5 * self.backoff_s * 2**k) for k in range(self.max_retries))
        return (self.max_retries + 1) * t + backoff

    def report_failure(self) -> None:
        """Count, after all, a deferred timeout: the parts of the request got no answer either."""
        self.breaker.failure()

    def complete(self, system: str, user: str, *, json_mode: bool = False, max_tokens: int = 1024,
                 deadline: float | None = None, retries: int | None = None,
                 timeout_retries: int | None = None, defer_timeouts: bool = False) -> Completion:
        """The answer to one system + user message, at temperature 0; raises `LLMError`.

        `json_mode` asks for a JSON object (response_format json_object).
        `deadline` is a time.monotonic() value (default: now + call_deadline_s).
        """
        if not self.available:
            raise LLMError("auth" if self._disabled else "no_key")
        if deadline is None:
            deadline = time.monotonic() + self.call_deadline_s
        retries = self.max_retries if retries is None else retries
        timeout_retries = retries if timeout_retries is None else timeout_retries
        tokens = (len(system) + len(user)) // 3 + max_tokens
        usage = Usage()
        failures = timeouts = rate_limited = 0
        while True:
            if self._disabled:
                raise LLMError("auth", usage=usage)
            probe = self.breaker.acquire(deadline - _MARGIN_S)
            if probe is None:
                raise LLMError("circuit_open", usage=usage + _skipped("circuit_open"))
            if not self.pacer.wait_turn(deadline - _MARGIN_S, tokens):
                self.breaker.release(probe)
                raise LLMError("rate_limited", usage=usage + _skipped("rate_limited"))
            timeout = min(self.timeout_s, deadline - time.monotonic())
            if timeout <= _MARGIN_S:
                self.breaker.release(probe)
                raise LLMError("out_of_time", usage=usage + _skipped("out_of_time"))
            try:
                text, spent = self._call(system, user, json_mode, max_tokens, timeout)
            except _Failed as failed:
                usage += Usage(calls=1, failures={failed.cause: 1})
                cause, status, retry_after = failed.cause, failed.status, failed.retry_after
            else:
                self.breaker.success(probe)
                return Completion(text, usage + spent)

            if status in AUTH_STATUSES:
                self.breaker.release(probe)
                self._disable(status)
                raise LLMError("auth", status=status, usage=usage)
            if status == 429:
                self.breaker.release(probe)
                rate_limited += 1
                if retry_after is not None:
                    self.pacer.block_for(retry_after)
                if (retry_after is not None and retry_after > self.timeout_s) \
                        or rate_limited > self.max_retries:
                    raise LLMError("rate_limited", status=429, usage=usage)
                if retry_after is None and not self._back_off(rate_limited - 1, deadline):
                    raise LLMError("out_of_time", status=429, usage=usage + _skipped("out_of_time"))
                usage += Usage(retries=1)
                continue
            if status in SPLIT_STATUSES:
                self.breaker.release(probe)
                raise LLMError(cause, status=status, split=True, usage=usage)
            if cause == "timeout":
                timeouts += 1
                if defer_timeouts and not probe:
                    self.breaker.release(probe)
                else:
                    self.breaker.failure(probe)
                if timeouts > timeout_retries:
                    raise LLMError(cause, split=True, usage=usage)
                attempt = timeouts - 1
            else:
                self.breaker.failure(probe)
                if status is not None and status not in RETRY_STATUSES:
                    raise LLMError(cause, status=status, usage=usage)  # 404 and the like
                failures += 1
                if failures > retries:
                    raise LLMError(cause, status=status, split=True, usage=usage)
                attempt = failures - 1
            if not self._back_off(attempt, deadline):
                raise LLMError("out_of_time", status=status,
                               usage=usage + _skipped("out_of_time"))
            usage += Usage(retries=1)

    def _call(self, system: str, user: str, json_mode: bool, max_tokens: int,
              timeout: float) -> tuple[str, Usage]:
        import groq

        options = {"response_format": {"type": "json_object"}} if json_mode else {}
        try:
            raw = self.client.chat.completions.with_raw_response.create(
                model=self.model,
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                temperature=0,
                max_tokens=max_tokens,
                timeout=timeout,
                **options,
            )
            self.pacer.update(raw.headers)
            completion = raw.parse()
            text = completion.choices[0].message.content if completion.choices else ""
        except groq.APITimeoutError:
            raise _Failed("timeout") from None
        except groq.APIConnectionError:
            raise _Failed("connection_error") from None
        except groq.APIStatusError as error:
            headers = error.response.headers
            self.pacer.update(headers)
            raise _Failed(f"http_{error.status_code}", error.status_code,
                          parse_retry_after(headers)) from None
        except Exception:  # noqa: BLE001 - e.g. a body that is not a completion
            raise _Failed("bad_response") from None
        spent = getattr(completion, "usage", None)
        return text or "", Usage(1, getattr(spent, "prompt_tokens", 0) or 0,
                                 getattr(spent, "completion_tokens", 0) or 0)

    def _back_off(self, attempt: int, deadline: float) -> bool:
        wait = min(self.timeout_s, self.backoff_s * 2**attempt * (1 + random.random() / 2))
        if time.monotonic() + wait >= deadline:
            return False
        time.sleep(wait)
        return True

    def _disable(self, status: int) -> None:
        with self._lock:
            first = not self._disabled
            self._disabled = True
        if first:
            log.error("The LLM API rejected GROQ_API_KEY (HTTP %d): LLM calls are off until "
                      "restart and rows for the LLM tier will be Unclassified", status)


def _skipped(cause: str) -> Usage:
    """A call not made (breaker open, rate limit or deadline), counted under its cause."""
    return Usage(failures={cause: 1})


class _Failed(Exception):
    def __init__(self, cause: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(cause)
        self.cause, self.status, self.retry_after = cause, status, retry_after
