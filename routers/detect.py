"""`/detect/`: which sessions or windows of an uploaded log are abnormal, and which rows make them so."""

import io
import logging
import threading
from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

import anomaly_detector as detection
from csv_io import InputError, RowLimitError
from dependencies import SECURED, AppSettings, Classifier, DelimiterQuery, EncodingQuery, error_responses
from settings import Settings

log = logging.getLogger("log_classifier.server")

router = APIRouter(prefix="/detect", tags=["detect"], dependencies=SECURED)
_loading = threading.Lock()


class SequenceIn(BaseModel):
    id: str = Field(min_length=1, description="The sequence's id (session, block, job...)")
    logs: list[str] = Field(description="Its log lines, in order")


class DetectRequest(BaseModel):
    sequences: list[SequenceIn]
    model_config = ConfigDict(json_schema_extra={"examples": [{"sequences": [
        {"id": "job-1", "logs": ["Job 1 started", "Step 1 done", "Step 2 done", "Job 1 finished"]},
        {"id": "job-2", "logs": ["Job 2 started", "Step 1 done",
                                 "Critical system failure: step 2 crashed with an unhandled exception"]},
    ]}]})


class EvidenceOut(BaseModel):
    template: str = Field(description="A template that drove the score")
    rows: list[int] = Field(description="Its first rows in this sequence, numbered as in the upload "
                            "(1 = first data row; JSON: across all sequences sent, in order)")
    count: int = Field(description="Lines of this template in the sequence")
    expected: int | None = Field(description="Lines of it in the nearest normal sequence seen in fit "
                                 "(fitted detectors; null for zero-shot)")
    weight: float = Field(description="Its part of the score (detector-specific, larger drives more)")


class SequenceOut(BaseModel):
    sequence_id: str
    anomaly: bool
    score: float = Field(ge=0, le=1, description="0 normal … 1 abnormal; anomaly when ≥ the threshold (0.5)")
    lines: int
    labels: dict[str, int] = Field(description="Rows per label from the classifier")
    evidence: list[EvidenceOut]


class DetectResponse(BaseModel):
    detector: str = Field(description="Which detector decided: zero-shot, baseline or supervised")
    sequences: int
    anomalies: int
    results: list[SequenceOut] = Field(description="One per sequence, in first-seen order")


def get_detector(request: Request, settings: Settings):
    """The detector saved at DETECTOR_PATH, loaded once; the zero-shot detector when it is unset."""
    if settings.detector_path is None:
        return detection.ZeroShotDetector()
    with _loading:
        if getattr(request.app.state, "detector", None) is None:
            try:
                request.app.state.detector = detection.load_detector(settings.detector_path)
            except InputError as error:
                raise HTTPException(503, f"DETECTOR_PATH: {error}") from None
        return request.app.state.detector


def detect_sequences(classifier, detector, sequences: detection.Sequences) -> list[detection.SequenceResult]:
    return detector.predict(detection.annotate(sequences, classifier, detector.uses_embeddings))


def detect_upload(classifier, detector, upload, grouping: detection.Grouping, settings: Settings,
                  encoding: str | None = None, delimiter: str | None = None) -> list[detection.SequenceResult]:
    """Results for an uploaded CSV binary file; raises `InputError`."""
    rows = detection.read_rows(upload, grouping, max_rows=settings.max_rows, encoding=encoding,
                               delimiter=delimiter)
    return detect_sequences(classifier, detector, detection.collect(rows, grouping))


def answer(results: list[detection.SequenceResult], detector: str, fmt: str):
    if fmt == "csv":
        body = io.StringIO()
        detection.write_results(results, detector, body)
        return Response(body.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"X-Detector": detector})
    return DetectResponse(detector=detector, sequences=len(results),
                          anomalies=sum(r.anomaly for r in results),
                          results=[r.as_dict() for r in results])


FORMAT = Annotated[Literal["json", "csv"], Query(
    description="json, or csv: sequence_id,anomaly (true/false),score,lines,detector,labels (JSON),"
    "evidence_rows (space-separated),evidence_templates (JSON list)")]
RESPONSES = {200: {"content": {"application/json": {"schema": DetectResponse.model_json_schema()},
                               "text/csv": {}}},
             **error_responses(400, 401, 413, 503)}


@router.post("/", response_model=None, responses=RESPONSES)
async def detect_csv_file(
    request: Request,
    classifier: Classifier,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="CSV with a log_message column (source optional, others kept "
                                     "for grouping)")],
    group_by: Annotated[str, Query(description="column:NAME (a session-id column), regex:PATTERN (every id "
                                   "the pattern finds in a line, e.g. blk_-?\\d+), or window:N (N lines)")],
    step: Annotated[int | None, Query(description="window:N only: lines between window starts (default N)")] = None,
    format: FORMAT = "json",
    encoding: EncodingQuery = None,
    delimiter: DelimiterQuery = None,
):
    """Group the rows into sequences and say which are abnormal, with the rows that make them so.

    The file is read as for /classify/ (`encoding`, `delimiter` or detected). The detector is the
    one saved at DETECTOR_PATH (baseline or supervised), else zero-shot. 400
    names the problem: an unknown grouping or column, a pattern that matches no line.
    """
    try:
        grouping = detection.Grouping.parse(group_by, step)
        detector = get_detector(request, settings)
        results = await run_in_threadpool(detect_upload, classifier, detector, file.file, grouping, settings,
                                          encoding, delimiter)
    except RowLimitError as error:
        raise HTTPException(413, str(error)) from None
    except InputError as error:
        raise HTTPException(400, str(error)) from None
    log.info("detect: %d sequences from an upload, %d anomalous (%s)", len(results),
             sum(r.anomaly for r in results), detector.name)
    return answer(results, detector.name, format)


@router.post("/json", response_model=None, responses=RESPONSES)
async def detect_json(request: Request, body: DetectRequest, classifier: Classifier,
                      settings: AppSettings, format: FORMAT = "json"):
    """Say which of the sequences sent are abnormal; rows are numbered across them from 1, in order."""
    lines = sum(len(s.logs) for s in body.sequences)
    if lines > settings.max_rows:
        raise HTTPException(413, f"{lines} log lines sent; the limit (MAX_ROWS) is {settings.max_rows}")
    try:
        detector = get_detector(request, settings)
        sequences = detection.from_json([(s.id, s.logs) for s in body.sequences])
        results = await run_in_threadpool(detect_sequences, classifier, detector, sequences)
    except InputError as error:
        raise HTTPException(400, str(error)) from None
    return answer(results, detector.name, format)
