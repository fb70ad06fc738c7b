"""`/jobs/`: submit a CSV to be labeled in the background, watch it, fetch the result, delete it.

The upload is spooled to `JOBS_DIR` and its header checked before the 202, so
an unreadable header, a missing column or a full disk is refused at once with
the same `detail` as `/classify/`; anything found further in the file fails the
job with that `detail`. Jobs are visible only to the API key that made them.
"""

import logging
from datetime import datetime, timezone
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from csv_io import EXPLAIN_COLUMNS, InputError, open_csv
from dependencies import (
    SECURED, AppSettings, CsvUpload, DelimiterQuery, EncodingQuery, ExcelSafeQuery, ExplainQuery,
    Owner, PatternsQuery, error_responses,
)
from jobs import CANCELLED, DONE, FAILED, QUEUED, RUNNING, Job, JobRunner, QuotaError
from classify import Summary
from routers.classify import SummaryOut, download_name

log = logging.getLogger("log_classifier.server")

router = APIRouter(prefix="/jobs", tags=["jobs"], dependencies=SECURED)


def get_runner(request: Request) -> JobRunner:
    return request.app.state.jobs


Runner = Annotated[JobRunner, Depends(get_runner)]


class JobOut(BaseModel):
    id: str
    url: str = Field(description="This job's status URL")
    result_url: str = Field(description="Where the labeled CSV is once the state is done")
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    filename: str = Field(description="Name of the uploaded file")
    explain: bool
    excel_safe: bool
    patterns: bool
    encoding: str | None
    delimiter: str | None
    upload_bytes: int
    rows_done: int = Field(description="Rows labeled and written to disk so far")
    total: int | None = Field(description="Data rows in the upload; null until counted")
    summary: SummaryOut = Field(description="Counts over the rows done so far")
    error: str | None = Field(description="Why the job failed: the detail /classify/ gives the same input")
    error_status: int | None = Field(description="The status /classify/ gives the same input")
    created: datetime
    started: datetime | None
    finished: datetime | None
    expires: datetime | None = Field(description="When a finished job is deleted (JOBS_TTL)")


def _time(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)


def job_out(request: Request, job: Job, ttl_s: float, state: str | None = None) -> JobOut:
    return JobOut(
        id=job.id, url=str(request.url_for("get_job", job_id=job.id)),
        result_url=str(request.url_for("get_job_result", job_id=job.id)),
        state=state or job.state, filename=job.filename, explain=job.explain, excel_safe=job.excel_safe,
        patterns=job.patterns, encoding=job.encoding, delimiter=job.delimiter,
        upload_bytes=job.upload_bytes, rows_done=job.rows_done, total=job.total,
        summary=SummaryOut(**(job.summary or Summary().as_dict())),
        error=job.error, error_status=job.error_status, created=_time(job.created),
        started=_time(job.started), finished=_time(job.finished),
        expires=_time(job.finished + ttl_s) if job.finished is not None else None,
    )


def _found(runner: JobRunner, job_id: str, owner: str) -> Job:
    job = runner.store.get(job_id, owner)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r} for this API key: it never existed, was deleted, "
                            "or expired (JOBS_TTL)")
    return job


def _spool_and_check(runner: JobRunner, upload, quota_bytes: int, explain: bool,
                     encoding: str | None, delimiter: str | None) -> tuple[str, int]:
    """The new job's id and upload size; raises `QuotaError` or, for a bad header, `InputError`."""
    job_id, size = runner.store.spool(upload, quota_bytes)
    try:
        with runner.store.upload_path(job_id).open("rb") as binary:
            open_csv(binary, encoding=encoding, delimiter=delimiter,
                     extra_columns=EXPLAIN_COLUMNS if explain else ())
    except InputError:
        runner.store.remove_files(job_id)
        raise
    return job_id, size


@router.post("/", status_code=202, response_model=JobOut,
             responses=error_responses(400, 401, 413, 507))
async def submit_job(
    request: Request,
    response: Response,
    runner: Runner,
    settings: AppSettings,
    owner: Owner,
    file: CsvUpload,
    explain: ExplainQuery = False,
    excel_safe: ExcelSafeQuery = False,
    patterns: PatternsQuery = False,
    encoding: EncodingQuery = None,
    delimiter: DelimiterQuery = None,
) -> JobOut:
    """Queue an uploaded CSV for labeling; 202 with the job (its `url` to poll) and a Location header.

    Same input and options as `POST /classify/`; the result, once `state` is
    `done`, is byte for byte the CSV that endpoint answers. Files up to
    JOBS_MAX_UPLOAD_MB; no MAX_ROWS limit (the job streams from disk to disk).
    """
    try:
        job_id, size = await run_in_threadpool(
            _spool_and_check, runner, file.file, settings.jobs_max_disk_bytes, explain, encoding,
            delimiter)
    except QuotaError as error:
        raise HTTPException(507, str(error)) from None
    except InputError as error:
        raise HTTPException(400, str(error)) from None
    job = runner.store.create(job_id, owner, file.filename or "logs.csv", explain, excel_safe, size,
                              patterns, encoding, delimiter)
    runner.wake()
    log.info("job %s: queued, %d bytes", job_id, size)
    out = job_out(request, job, settings.jobs_ttl)
    response.headers["Location"] = out.url
    return out


@router.get("/", response_model=list[JobOut], responses=error_responses(401))
async def list_jobs(request: Request, runner: Runner, settings: AppSettings, owner: Owner) -> list[JobOut]:
    """This API key's jobs, oldest first."""
    return [job_out(request, job, settings.jobs_ttl) for job in runner.store.owned_by(owner)]


@router.get("/{job_id}", response_model=JobOut, responses=error_responses(401, 404))
async def get_job(job_id: str, request: Request, runner: Runner, settings: AppSettings, owner: Owner) -> JobOut:
    """The job's state, rows done, total (once counted), the summary so far and any error."""
    return job_out(request, _found(runner, job_id, owner), settings.jobs_ttl)


@router.get("/{job_id}/result", response_class=FileResponse,
            responses={200: {"content": {"text/csv": {}}, "description": "The labeled CSV"},
                       **error_responses(401, 404, 409)})
async def get_job_result(job_id: str, runner: Runner, owner: Owner) -> FileResponse:
    """The labeled CSV, streamed from disk, once the job is done; 409 before that or if it failed."""
    job = _found(runner, job_id, owner)
    if job.state == FAILED:
        raise HTTPException(409, f"the job failed, so there is no result: {job.error}")
    if job.state != DONE:
        progress = f"{job.rows_done} of {job.total} rows" if job.total is not None else f"{job.rows_done} rows"
        raise HTTPException(409, f"the job is {job.state}, {progress} done; poll {job_id} until it is done")
    return FileResponse(runner.store.result_path(job_id), media_type="text/csv; charset=utf-8",
                        filename=download_name(job.filename))


@router.delete("/{job_id}", response_model=JobOut, responses=error_responses(401, 404))
async def delete_job(job_id: str, request: Request, runner: Runner, settings: AppSettings,
                     owner: Owner) -> JobOut:
    """Cancel the job if it is queued or running, and delete it and its files.

    The answer is the job as it was, with state `cancelled` if it had not
    finished. A running job stops at the end of the chunk it is labeling.
    """
    job = _found(runner, job_id, owner)
    if job.state == RUNNING:
        runner.cancel(job_id)
    await run_in_threadpool(runner.store.delete, job_id)
    log.info("job %s: deleted (%s)", job_id, job.state)
    return job_out(request, job, settings.jobs_ttl, CANCELLED if job.state in (QUEUED, RUNNING) else None)
