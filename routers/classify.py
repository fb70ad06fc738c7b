"""`/classify/`: label an uploaded CSV (answered as CSV) or a JSON list of lines."""

import io
import json
import logging
import re
from pathlib import PurePath

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from classify import LogClassifier, RowResult, Summary
from csv_io import EXPLAIN_COLUMNS, InputError, RowLimitError, open_csv
from dependencies import (
    SECURED, AppMetrics, AppSettings, Classifier, CsvUpload, DelimiterQuery, EncodingQuery,
    ExcelSafeQuery, ExplainQuery, PatternsQuery, error_responses,
)

from labels import ALL_LABELS, TIERS
from patterns import PatternSummary, fit_upload
from settings import Settings
from template_miner import MinerConfig

log = logging.getLogger("log_classifier.server")

router = APIRouter(prefix="/classify", tags=["classify"], dependencies=SECURED)


class LogIn(BaseModel):
    source: str = Field(description="System that wrote the line; LegacyCRM lines always go to the LLM")
    log_message: str = Field(description="The log line as written")


class ClassifyRequest(BaseModel):
    logs: list[LogIn]
    model_config = ConfigDict(json_schema_extra={"examples": [{"logs": [
        {"source": "ModernCRM", "log_message": "User User123 logged in."},
        {"source": "BillingSystem", "log_message": "Disk usage on /var reached 97% of capacity"},
        {"source": "LegacyCRM", "log_message": "Lead conversion failed for prospect ID 7842 due to missing contact information."},
    ]}]})


class RowOut(BaseModel):
    target_label: str = Field(json_schema_extra={"enum": list(ALL_LABELS)})
    tier: str = Field(description="Tier that decided: regex, bert, llm, or none",
                      json_schema_extra={"enum": list(TIERS)})
    confidence: float | None = Field(description="1.0 for regex, the top probability for bert, "
                                     "null for llm and none")


class SummaryOut(BaseModel):
    rows: int
    labels: dict[str, int] = Field(description="Rows per label")
    tiers: dict[str, int] = Field(description="Rows per tier")
    llm_unlabeled: int = Field(description="Rows the LLM tier could not label (returned Unclassified)")
    llm_calls: int = Field(description="Chat-completion calls made for this job, failed tries included")
    llm_prompt_tokens: int = Field(description="Prompt tokens, as the LLM API's `usage` reported them")
    llm_completion_tokens: int = Field(description="Completion tokens, as the LLM API's `usage` "
                                       "reported them")
    llm_cache_hits: int = Field(description="Distinct messages the LLM tier answered from its cache")


class ClassifyResponse(BaseModel):
    results: list[RowOut]
    summary: SummaryOut


def classify_upload(classifier: LogClassifier, upload, settings: Settings, explain: bool,
                    excel_safe: bool, encoding: str | None = None, delimiter: str | None = None,
                    patterns: bool = False) -> tuple[str, Summary]:
    """The labeled CSV of an uploaded binary file, and its summary; raises `InputError`.

    With `patterns`, templates are mined in a first pass and the answer gains
    `pattern_id` and `template` (the ids and templates of POST /patterns/).
    """
    answer = io.StringIO()
    index = fit_upload(upload, MinerConfig(max_clusters=settings.pattern_max_clusters),
                       settings.chunk_size, settings.max_rows, encoding=encoding,
                       delimiter=delimiter, max_line_chars=settings.max_line_chars) if patterns else None
    reader = open_csv(upload, encoding=encoding, delimiter=delimiter,
                      extra_columns=EXPLAIN_COLUMNS if explain else ())
    summary = classifier.classify_csv(
        reader, answer, chunk_size=settings.chunk_size, excel_safe_output=excel_safe,
        max_rows=settings.max_rows, patterns=PatternSummary(index, reader.header) if index else None,
    )
    return answer.getvalue(), summary


def download_name(filename: str | None) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", PurePath(filename or "logs").stem).strip("._") or "logs"
    return f"{stem}_classified.csv"


def summary_headers(summary: Summary) -> dict[str, str]:
    return {
        "X-Rows": str(summary.rows),
        "X-Label-Counts": json.dumps(dict(summary.labels), separators=(",", ":")),
        "X-Tier-Counts": json.dumps(dict(summary.tiers), separators=(",", ":")),
        "X-LLM-Unlabeled": str(summary.llm_unlabeled),
        "X-LLM-Calls": str(summary.llm.calls),
        "X-LLM-Prompt-Tokens": str(summary.llm.prompt_tokens),
        "X-LLM-Completion-Tokens": str(summary.llm.completion_tokens),
        "X-LLM-Cache-Hits": str(summary.llm.cache_hits),
    }


@router.post(
    "/",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}},
              "description": "The input CSV with a target_label column (and tier, confidence "
              "with explain=true; pattern_id, template with patterns=true). Headers X-Rows, "
              "X-Label-Counts, X-Tier-Counts, X-LLM-Unlabeled, X-LLM-Calls, X-LLM-Prompt-Tokens, "
              "X-LLM-Completion-Tokens and X-LLM-Cache-Hits summarise it."},
        **error_responses(400, 401, 413, 503),
    },
)
async def classify_csv_file(
    classifier: Classifier,
    settings: AppSettings,
    service_metrics: AppMetrics,
    file: CsvUpload,
    explain: ExplainQuery = False,
    excel_safe: ExcelSafeQuery = False,
    encoding: EncodingQuery = None,
    delimiter: DelimiterQuery = None,
    patterns: PatternsQuery = False,
) -> Response:
    """Label every row of an uploaded CSV; the answer is the same CSV plus `target_label`.

    Read as spreadsheets save it (UTF-8, UTF-16 with BOM, or `encoding`; delimiter from
    `delimiter`, an Excel `sep=` line, or the header line); the answer is UTF-8 with the
    input's delimiter. A CSV with a header and no rows comes back as the header plus
    `target_label`. 400 names the line of the problem.
    """
    service_metrics.observe_upload(file.size)
    try:
        body, summary = await run_in_threadpool(
            classify_upload, classifier, file.file, settings, explain, excel_safe, encoding,
            delimiter, patterns)
    except RowLimitError as error:
        raise HTTPException(413, str(error)) from None
    except InputError as error:
        raise HTTPException(400, str(error)) from None
    service_metrics.observe_job(summary)
    log.info("classified %d rows from an upload: tiers %s", summary.rows, dict(summary.tiers))
    headers = summary_headers(summary)
    headers["Content-Disposition"] = f'attachment; filename="{download_name(file.filename)}"'
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/json", response_model=ClassifyResponse, responses=error_responses(401, 413, 503))
async def classify_json(body: ClassifyRequest, classifier: Classifier, settings: AppSettings,
                        service_metrics: AppMetrics) -> ClassifyResponse:
    """Label a list of log lines; answers come in the order sent, with a summary."""
    if len(body.logs) > settings.max_rows:
        raise HTTPException(413, f"{len(body.logs)} logs sent; the limit (MAX_ROWS) is {settings.max_rows}")
    summary = Summary()
    results: list[RowResult] = await run_in_threadpool(
        classifier.classify_batch,
        [entry.source for entry in body.logs], [entry.log_message for entry in body.logs], summary)
    service_metrics.observe_job(summary)
    log.info("classified %d rows from JSON: tiers %s", summary.rows, dict(summary.tiers))
    return ClassifyResponse(
        results=[RowOut(target_label=r.label, tier=r.tier, confidence=r.confidence) for r in results],
        summary=SummaryOut(**summary.as_dict()),
    )
