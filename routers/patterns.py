"""`/patterns/`: an uploaded CSV grouped by mined template, with counts, labels, samples and a timeline."""

import logging
from typing import Annotated, BinaryIO

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from classify import LogClassifier, Summary
from csv_io import InputError, RowLimitError, open_csv
from dependencies import (
    SECURED, AppSettings, Classifier, CsvUpload, DelimiterQuery, EncodingQuery, error_responses,
)

from patterns import TIME_COLUMNS, fit_upload, summarize
from routers.classify import SummaryOut
from settings import Settings
from template_miner import MinerConfig

log = logging.getLogger("log_classifier.server")

router = APIRouter(prefix="/patterns", tags=["patterns"], dependencies=SECURED)


class SampleOut(BaseModel):
    row: int = Field(description="1-based data row number in the uploaded CSV (the header is not counted)")
    log_message: str


class ValueCount(BaseModel):
    value: str
    count: int = Field(description="Rows with this value at this position")


class ParameterOut(BaseModel):
    position: int = Field(description="0-based word position in the template")
    distinct: int = Field(description="Distinct values seen here (a lower bound when exact is false)")
    exact: bool = Field(description="False when too many distinct values were seen to keep them all "
                        "(over 1,000 per masking key, or 500,000 in the request): the rarest were "
                        "dropped, so distinct is a lower bound and the top counts may be low")
    top: list[ValueCount] = Field(description="Up to 5 most frequent values")


class PatternOut(BaseModel):
    id: int = Field(description="Pattern id, stable within this answer (the pattern_id column of "
                    "/classify/?patterns=true on the same file)")
    template: str = Field(description="The line with variable parts written <*> or as the masking "
                          "rule's name (<NUM>, <IP>, <TS>, ...)")
    count: int
    share: float = Field(description="count / rows")
    labels: dict[str, int] = Field(description="Rows per label")
    sources: dict[str, int] = Field(description="Rows per source")
    samples: list[SampleOut] = Field(description="The first (up to) 3 rows of the pattern")
    parameters: list[ParameterOut] = Field(description="Values per variable position")
    first_seen: str | None = Field(description="Earliest timestamp (ISO 8601, UTC); null without a time column")
    last_seen: str | None = Field(description="Latest timestamp (ISO 8601, UTC); null without a time column")
    timeline: list[int] | None = Field(description="Rows per time bucket (see time); null without a time column")


class TimeOut(BaseModel):
    column: str = Field(description="The column the timestamps came from")
    bucket_seconds: int | None = Field(description="Width of one timeline bucket; null if no cell parsed")
    start: str | None = Field(description="Start of the first bucket (ISO 8601, UTC)")
    buckets: int = Field(description="Length of every pattern's timeline")
    unparsed: int = Field(description="Rows whose time cell is neither ISO 8601 nor epoch seconds/ms")


class PatternsResponse(BaseModel):
    rows: int
    time: TimeOut | None = Field(description="Timeline layout; null when the CSV has no time column")
    patterns: list[PatternOut] = Field(description="Sorted by count, largest first")
    summary: SummaryOut = Field(description="The same counts as /classify/json")


def patterns_of_upload(classifier: LogClassifier, upload: BinaryIO, settings: Settings,
                       time_column: str | None, encoding: str | None = None,
                       delimiter: str | None = None) -> tuple[dict, Summary]:
    """Two passes over the upload: mine templates, then label and summarise; raises `InputError`."""
    index = fit_upload(upload, MinerConfig(max_clusters=settings.pattern_max_clusters),
                       settings.chunk_size, settings.max_rows, encoding=encoding, delimiter=delimiter,
                       max_line_chars=settings.max_line_chars)
    return summarize(classifier, open_csv(upload, encoding=encoding, delimiter=delimiter), index,
                     chunk_size=settings.chunk_size, max_rows=settings.max_rows,
                     time_column=time_column)


@router.post("/", response_model=PatternsResponse, responses=error_responses(400, 401, 413, 503))
async def patterns_of_csv_file(
    classifier: Classifier,
    settings: AppSettings,
    file: CsvUpload,
    time_column: Annotated[str | None, Query(description="Column of timestamps for first_seen, last_seen "
                                             f"and the timeline; default: the first of {', '.join(TIME_COLUMNS)}")] = None,
    encoding: EncodingQuery = None,
    delimiter: DelimiterQuery = None,
) -> PatternsResponse:
    """Group the rows of an uploaded CSV by mined template (Drain over the masking keys).

    Same CSV contract, limits and errors as `/classify/`. Answers `rows`, `patterns`
    sorted by count (id, template, count, share, labels, sources, samples,
    parameters, and with a time column first_seen, last_seen, timeline), `time`
    and the label `summary`. Method and accuracy: README "Patterns".
    """
    try:
        answer, summary = await run_in_threadpool(patterns_of_upload, classifier, file.file, settings,
                                                   time_column, encoding, delimiter)
    except RowLimitError as error:
        raise HTTPException(413, str(error)) from None
    except InputError as error:
        raise HTTPException(400, str(error)) from None
    log.info("grouped %d rows into %d patterns", answer["rows"], len(answer["patterns"]))
    return PatternsResponse(**answer, summary=SummaryOut(**summary.as_dict()))
