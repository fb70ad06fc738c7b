"""`/analyze/`: a batch's summary, likely root causes and what stands out, grounded in its patterns."""

import logging
from collections.abc import Sequence
from typing import Annotated, BinaryIO, Literal

from fastapi import APIRouter, Form, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from analysis import Analyzer
from classify import LogClassifier, Summary
from csv_io import InputError, RowLimitError
from dependencies import (
    SECURED, AppMetrics, AppSettings, Classifier, CsvUpload, DelimiterQuery, EncodingQuery, error_responses,
)

from patterns import TIME_COLUMNS, KeyIndex, PatternSummary
from routers.classify import LogIn, SummaryOut
from routers.patterns import SampleOut, TimeOut, patterns_of_upload
from settings import Settings
from template_miner import MinerConfig

log = logging.getLogger("log_classifier.server")

router = APIRouter(prefix="/analyze", tags=["analyze"], dependencies=SECURED)

QUESTION_CHARS = 2_000


# Request -------------------------------------------------------------------------------------

class AnalyzeLogIn(LogIn):
    timestamp: str | None = Field(None, description="ISO 8601 or epoch seconds/ms; gives first/last "
                                  "seen and bursts")


class AnalyzeRequest(BaseModel):
    logs: list[AnalyzeLogIn]
    question: str | None = Field(None, max_length=QUESTION_CHARS,
                                 description="A free question about these logs, answered in `answer`")
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "question": "Why are logins failing?",
        "logs": [
            {"source": "WebFrontend", "timestamp": "2026-11-02T08:15:41Z",
             "log_message": "Failed password for root from 198.51.100.23 port 52314 ssh2"},
            {"source": "WebFrontend", "timestamp": "2026-11-02T08:15:44Z",
             "log_message": "Failed password for root from 198.51.100.23 port 52320 ssh2"},
            {"source": "BillingSystem", "timestamp": "2026-11-02T08:16:10Z",
             "log_message": "Backup completed successfully."},
        ]}]})


# Answer --------------------------------------------------------------------------------------

class Evidence(BaseModel):
    patterns: list[int] = Field(description="Pattern ids of this batch (see deterministic.top_patterns "
                                "or /patterns/) that support the cause")
    rows: list[int] = Field(description="1-based data row numbers of this batch that support the cause")


class RootCause(BaseModel):
    cause: str
    confidence: Literal["low", "medium", "high"]
    evidence: Evidence = Field(description="Only ids and rows the model was shown; others are dropped "
                               "(counted in llm.evidence_dropped)")


class Notable(BaseModel):
    pattern_id: int
    reason: Literal["error", "burst", "rare", "other"]
    why: str


class PatternBrief(BaseModel):
    id: int
    template: str
    count: int
    share: float = Field(description="count / rows")
    labels: dict[str, int] = Field(description="Rows per label")
    first_seen: str | None
    last_seen: str | None
    sample: SampleOut | None = Field(description="The pattern's first row")


class TopPattern(PatternBrief):
    samples: list[SampleOut] = Field(description="Up to 3 rows of the pattern")


class RankedPattern(PatternBrief):
    label: str = Field(description="The most severe of the pattern's error (or security) labels")
    rows: int = Field(description="Rows of the pattern with an error (or security) label")


class Burst(BaseModel):
    pattern_id: int
    template: str
    start: str = Field(description="Start of the first bucket of the burst (ISO 8601, UTC)")
    end: str = Field(description="End of its last bucket")
    rows: int = Field(description="Rows of the pattern within the burst")
    peak: int = Field(description="Most rows in one bucket of the burst")
    baseline: float = Field(description="Mean rows per bucket of the pattern outside the burst")
    labels: dict[str, int] = Field(description="Rows per label of the whole pattern")


class Deterministic(BaseModel):
    rows: int
    patterns: int = Field(description="Number of patterns (mined templates) in the batch")
    labels: SummaryOut = Field(description="The same counts as /classify/json")
    time: TimeOut | None = Field(description="Timeline layout; null when there is no time column")
    top_patterns: list[TopPattern] = Field(description="Up to 10 largest patterns")
    errors: list[RankedPattern] = Field(description="Patterns with Critical Error, Error or Workflow "
                                        "Error rows: most severe first, then most rows (up to 10)")
    security: list[RankedPattern] = Field(description="Patterns with Security Alert rows, most rows "
                                          "first (up to 10)")
    bursts: list[Burst] = Field(description="Runs of timeline buckets holding at least 5 rows and 4x "
                                "the pattern's mean elsewhere, sharpest first (up to 10)")
    rare: list[PatternBrief] = Field(description="Patterns of at most 0.1% of the rows (at least one "
                                     "row allowed) in a batch whose largest pattern is 20x larger; "
                                     "error and security first (up to 10)")


class LLMUse(BaseModel):
    used: bool = Field(description="True when summary, root_causes, ... come from the model")
    calls: int = Field(description="Chat completions made, failed tries and the retry included")
    prompt_tokens: int = Field(description="From the API's usage")
    completion_tokens: int = Field(description="From the API's usage")
    parts: int = Field(description="Prompts the patterns were split into (one call each; more than one: "
                       "plus one call to merge them)")
    patterns_sent: int = Field(description="Patterns listed to the model")
    patterns_left_out: int = Field(description="Smaller patterns beyond ANALYZE_MAX_PROMPT_TOKENS x "
                                   "ANALYZE_MAX_PARTS, sent only as counts")
    redacted: bool = Field(description="Addresses, e-mails, keys and user names were masked (ANALYZE_REDACT)")
    withheld: int = Field(description="Templates or samples not sent because they read like instructions")
    reasked: int = Field(description="Answers that could not be parsed and were asked again (the "
                         "client's own retries of failed calls are counted in calls)")
    evidence_dropped: int = Field(description="Evidence or notable entries naming a pattern or row not shown")
    causes_dropped: int = Field(description="Root causes left with no valid evidence, dropped")
    note: str | None = Field(description="Why the model's analysis is missing, when it is")


class AnalyzeResponse(BaseModel):
    rows: int
    summary: str | None = Field(description="A few sentences on the batch; null without the LLM")
    root_causes: list[RootCause]
    notable: list[Notable] = Field(description="Patterns that stand out: errors, bursts, rare among frequent")
    recommendations: list[str]
    answer: str | None = Field(description="The answer to `question`; null when none was asked")
    deterministic: Deterministic = Field(description="Computed without the model: always present")
    llm: LLMUse


# Work ----------------------------------------------------------------------------------------

def analyze_upload(classifier: LogClassifier, upload: BinaryIO, settings: Settings,
                   question: str | None, time_column: str | None, encoding: str | None = None,
                   delimiter: str | None = None) -> tuple[dict, Summary]:
    """The analysis of an uploaded CSV (the patterns of `/patterns/`) and the job's summary, whose
    LLM account includes the analysis calls; raises `InputError`."""
    patterns, summary = patterns_of_upload(classifier, upload, settings, time_column, encoding,
                                           delimiter)
    answer = Analyzer.from_settings(settings, classifier.llm.client).analyze(
        patterns, summary.as_dict(), question, summary.llm)
    return answer, summary


def analyze_logs(classifier: LogClassifier, logs: Sequence[AnalyzeLogIn], settings: Settings,
                 question: str | None) -> tuple[dict, Summary]:
    """The analysis of a list of logs (row numbers: 1-based positions in the list) and the job's summary."""
    messages = [entry.log_message for entry in logs]
    index = KeyIndex(MinerConfig(max_clusters=settings.pattern_max_clusters),
                     max_line_chars=settings.max_line_chars)
    index.add(messages)
    timed = any(entry.timestamp for entry in logs)
    header = ["source", "log_message"] + (["timestamp"] if timed else [])
    rows = [[entry.source, entry.log_message] + ([entry.timestamp or ""] if timed else []) for entry in logs]
    grouped = PatternSummary(index, header)
    summary = Summary()
    for start in range(0, len(rows), settings.chunk_size):
        chunk = rows[start:start + settings.chunk_size]
        results = classifier.classify_batch([row[0] for row in chunk], [row[1] for row in chunk], summary,
                                            grouped.next_keys(len(chunk), classifier.max_line_chars))
        grouped.add(chunk, [result.label for result in results])
    answer = Analyzer.from_settings(settings, classifier.llm.client).analyze(
        grouped.as_dict(), summary.as_dict(), question, summary.llm)
    return answer, summary


@router.post("/", response_model=AnalyzeResponse, responses=error_responses(400, 401, 413, 503))
async def analyze_csv_file(
    classifier: Classifier,
    settings: AppSettings,
    service_metrics: AppMetrics,
    file: CsvUpload,
    question: Annotated[str | None, Form(max_length=QUESTION_CHARS,
                                         description="A free question, answered in `answer`")] = None,
    time_column: Annotated[str | None, Query(
        description="Column of timestamps for first/last seen and bursts; default: the first of "
        f"{', '.join(TIME_COLUMNS)}")] = None,
    encoding: EncodingQuery = None,
    delimiter: DelimiterQuery = None,
) -> AnalyzeResponse:
    """Summary, likely root causes, notable patterns and recommendations for an uploaded CSV.

    Same CSV contract, limits and errors as `/classify/`. The rows are labeled and
    grouped into patterns as `/patterns/` does; `deterministic` is computed from
    them, and the chat model (when GROQ_API_KEY is set) sees the patterns, redacted,
    within ANALYZE_MAX_PROMPT_TOKENS per call. An LLM fault never fails the request:
    the answer then has the deterministic part and `llm.note`. Method: README "Analysis".
    """
    service_metrics.observe_upload(file.size)
    try:
        answer, summary = await run_in_threadpool(
            analyze_upload, classifier, file.file, settings, question, time_column, encoding,
            delimiter)
    except RowLimitError as error:
        raise HTTPException(413, str(error)) from None
    except InputError as error:
        raise HTTPException(400, str(error)) from None
    service_metrics.observe_job(summary)
    log.info("analysed %d rows: %d LLM calls, %s", answer["rows"], answer["llm"]["calls"],
             answer["llm"]["note"] or "LLM used")
    return AnalyzeResponse(**answer)


@router.post("/json", response_model=AnalyzeResponse, responses=error_responses(401, 413, 503))
async def analyze_json(body: AnalyzeRequest, classifier: Classifier, settings: AppSettings,
                       service_metrics: AppMetrics) -> AnalyzeResponse:
    """The same analysis for a list of log lines (optionally with timestamps) and a question."""
    if len(body.logs) > settings.max_rows:
        raise HTTPException(413, f"{len(body.logs)} logs sent; the limit (MAX_ROWS) is {settings.max_rows}")
    answer, summary = await run_in_threadpool(analyze_logs, classifier, body.logs, settings, body.question)
    service_metrics.observe_job(summary)
    return AnalyzeResponse(**answer)
