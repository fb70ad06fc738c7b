"""The service's Prometheus metrics: what it labels, what the LLM costs, how healthy it is.

One `ServiceMetrics` per app, each with its own `CollectorRegistry` (no process
globals, so several apps in one process do not collide). HTTP requests and
latency by route and status come from `prometheus-fastapi-instrumentator`;
the rest is fed by the routers after each job (`observe_job`; any other user
of the LLM client adds its `Usage` with `observe_llm`) and, for the state of the
loaded classifier (breaker, caches), read at scrape time.

Names (all prefixed `logclf_` except the HTTP ones):

* `http_requests_total{handler,method,status}`, `http_request_duration_seconds{handler,method,status}`
* `logclf_rows_total{tier,label}`: rows labeled
* `logclf_upload_bytes`: histogram of uploaded file sizes (bytes)
* `logclf_llm_calls_total`, `logclf_llm_tokens_total{kind=prompt|completion}` (the API's `usage`),
  `logclf_llm_retries_total`, `logclf_llm_failures_total{cause}` (failed tries by cause, and
  calls not made: circuit_open, rate_limited, out_of_time), `logclf_llm_unlabeled_rows_total`
* `logclf_llm_breaker_state{logclf_llm_breaker_state=closed|open|half_open}` (1 for the current state)
* `logclf_cache_entries{cache=llm|embedding}`, `logclf_cache_hits_total{cache}`,
  `logclf_cache_lookups_total{cache}`: hit rate = rate(hits) / rate(lookups)
"""

from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, StateSetMetricFamily
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator import metrics as http_metrics

from llm_client import CLOSED, HALF_OPEN, OPEN

PREFIX = "logclf"
UPLOAD_BUCKETS = tuple(2**k for k in range(10, 31, 2))  # 1 KiB .. 1 GiB, by 4x


class ServiceMetrics:
    """Every metric of one app, in its own registry."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self):
        self.registry = CollectorRegistry()
        self._classifier: Callable[[], object | None] = lambda: None
        r = self.registry
        self.rows = Counter(f"{PREFIX}_rows", "Rows labeled, by deciding tier and label",
                            ["tier", "label"], registry=r)
        self.upload_bytes = Histogram(f"{PREFIX}_upload_bytes", "Size of uploaded files in bytes",
                                      buckets=UPLOAD_BUCKETS, registry=r)
        self.llm_calls = Counter(f"{PREFIX}_llm_calls", "Chat-completion calls made, failed ones "
                                 "included", registry=r)
        self.llm_tokens = Counter(f"{PREFIX}_llm_tokens", "Tokens the LLM API reported in `usage`",
                                  ["kind"], registry=r)
        self.llm_retries = Counter(f"{PREFIX}_llm_retries", "Failed LLM calls that were tried again",
                                   registry=r)
        self.llm_failures = Counter(f"{PREFIX}_llm_failures", "Failed LLM calls by cause, and "
                                    "calls not made (circuit_open, rate_limited, out_of_time)",
                                    ["cause"], registry=r)
        self.llm_unlabeled = Counter(f"{PREFIX}_llm_unlabeled_rows", "Rows the LLM tier could "
                                     "not label (answered Unclassified)", registry=r)
        r.register(_ClassifierState(lambda: self._classifier()))

    def instrument(self, app) -> None:
        """Count every request (but /metrics) and its latency by route template and status."""
        Instrumentator(should_group_status_codes=False, excluded_handlers=["/metrics"],
                       registry=self.registry).add(
            http_metrics.requests(registry=self.registry),
            http_metrics.latency(registry=self.registry),
        ).instrument(app)

    def watch(self, classifier: Callable[[], object | None]) -> None:
        """Read the breaker and caches from `classifier()` (None while loading) at each scrape."""
        self._classifier = classifier

    def observe_upload(self, size: int | None) -> None:
        if size is not None:
            self.upload_bytes.observe(size)

    def observe_job(self, summary) -> None:
        """Add a classified job's `classify.Summary`: rows by tier and label, and LLM cost."""
        for (tier, label), count in summary.tier_labels.items():
            self.rows.labels(tier, label).inc(count)
        self.observe_llm(summary.llm)
        self.llm_unlabeled.inc(summary.llm_unlabeled)

    def observe_llm(self, usage) -> None:
        """Add what LLM calls cost: an `llm_client.Usage` or an `llm_processor.LLMAccount`
        (calls, prompt_tokens, completion_tokens, retries, failures by cause)."""
        self.llm_calls.inc(usage.calls)
        self.llm_tokens.labels("prompt").inc(usage.prompt_tokens)
        self.llm_tokens.labels("completion").inc(usage.completion_tokens)
        self.llm_retries.inc(usage.retries)
        for cause, count in usage.failures.items():
            self.llm_failures.labels(cause).inc(count)

    def exposition(self) -> bytes:
        """The registry in the Prometheus text format."""
        return generate_latest(self.registry)


class _ClassifierState:
    """Collector of what the loaded classifier holds: breaker state, cache sizes and hits."""

    def __init__(self, classifier: Callable[[], object | None]):
        self._classifier = classifier

    def collect(self):
        classifier = self._classifier()
        if classifier is None:
            return
        llm, embedding = classifier.llm, classifier.embedding
        state = StateSetMetricFamily(f"{PREFIX}_llm_breaker_state",
                                     "State of the LLM circuit breaker")
        current = llm.client.breaker.state
        state.add_metric([], {name: current == name for name in (CLOSED, OPEN, HALF_OPEN)})
        yield state
        entries = GaugeMetricFamily(f"{PREFIX}_cache_entries", "Entries in each cache right now",
                                    labels=["cache"])
        hits = CounterMetricFamily(f"{PREFIX}_cache_hits", "Lookups answered from each cache",
                                   labels=["cache"])
        lookups = CounterMetricFamily(f"{PREFIX}_cache_lookups", "Lookups in each cache "
                                      "(distinct messages or templates per job)", labels=["cache"])
        for name, holder in (("llm", llm), ("embedding", embedding)):
            entries.add_metric([name], holder.cache_size)
            hits.add_metric([name], holder.cache_hits)
            lookups.add_metric([name], holder.cache_lookups)
        yield from (entries, hits, lookups)
