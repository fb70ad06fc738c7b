"""HTTP service: upload a log CSV, get it back with a `target_label` column.

Models load once, in the app's lifespan, on a worker thread; `/ready` answers
503 until they are in, and classification requests wait for them. CSV parsing
and classification run off the event loop. Each request reads its own upload
and builds its own answer: nothing is shared between requests but the models
and their caches.
"""

import argparse
import asyncio
import hmac
import io
import json
import logging
import re
from contextlib import asynccontextmanager
from pathlib import PurePath
from typing import Annotated

import uvicorn
from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field

from classify import LogClassifier, RowResult, Summary
from csv_io import EXPLAIN_COLUMNS, CsvReader, InputError, RowLimitError, open_text
from labels import ALL_LABELS, TIERS
from settings import Settings
from upload_limit import UploadLimitMiddleware

log = logging.getLogger("log_classifier.server")


# Schemas ---------------------------------------------------------------------------------------

class ErrorOut(BaseModel):
    detail: str


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


class ClassifyResponse(BaseModel):
    results: list[RowOut]
    summary: SummaryOut


class Status(BaseModel):
    status: str


def _errors(*codes: int) -> dict:
    descriptions = {
        400: "Unreadable input: not CSV or not UTF-8, malformed, empty, or a required column missing",
        401: "API_KEY is set and the request did not carry it",
        413: "Upload larger than MAX_UPLOAD_MB or more rows than MAX_ROWS",
        503: "The models could not be loaded",
    }
    return {code: {"model": ErrorOut, "description": descriptions[code]} for code in codes}


# Dependencies ----------------------------------------------------------------------------------

def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_classifier(request: Request) -> LogClassifier:
    """The loaded classifier; waits for start-up loading to finish."""
    try:
        return await asyncio.shield(request.app.state.loading)
    except Exception as error:
        raise HTTPException(503, f"the models could not be loaded: {error}") from None


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(HTTPBearer(auto_error=False))],
    header_key: Annotated[str | None, Depends(APIKeyHeader(name="X-API-Key", auto_error=False))],
) -> None:
    """When API_KEY is set, the request must carry it (Bearer token or X-API-Key)."""
    if settings.api_key is None:
        return
    expected = settings.api_key.get_secret_value().encode()
    given = bearer.credentials if bearer is not None else header_key or ""
    if not hmac.compare_digest(given.encode(), expected):
        raise HTTPException(401, "missing or wrong API key: send 'Authorization: Bearer <key>' "
                            "or 'X-API-Key: <key>'", headers={"WWW-Authenticate": "Bearer"})


Classifier = Annotated[LogClassifier, Depends(get_classifier)]
AppSettings = Annotated[Settings, Depends(get_settings)]


# Work done off the event loop ------------------------------------------------------------------

def _classify_upload(classifier: LogClassifier, upload, settings: Settings, explain: bool,
                     excel_safe: bool) -> tuple[str, Summary]:
    answer = io.StringIO()
    text = open_text(upload)
    try:
        reader = CsvReader(text, extra_columns=EXPLAIN_COLUMNS if explain else ())
        summary = classifier.classify_csv(
            reader, answer, chunk_size=settings.chunk_size, excel_safe_output=excel_safe,
            max_rows=settings.max_rows,
        )
    finally:
        text.detach()
    return answer.getvalue(), summary


def _download_name(filename: str | None) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", PurePath(filename or "logs").stem).strip("._") or "logs"
    return f"{stem}_classified.csv"


def _summary_headers(summary: Summary) -> dict[str, str]:
    return {
        "X-Rows": str(summary.rows),
        "X-Label-Counts": json.dumps(dict(summary.labels), separators=(",", ":")),
        "X-Tier-Counts": json.dumps(dict(summary.tiers), separators=(",", ":")),
        "X-LLM-Unlabeled": str(summary.llm_unlabeled),
    }


# Application -----------------------------------------------------------------------------------

def create_app(settings: Settings | None = None, load=LogClassifier.from_settings) -> FastAPI:
    """The service; `load(settings)` builds the classifier at start-up."""
    settings = settings or Settings()

    def load_and_warm() -> LogClassifier:
        classifier = load(settings)
        classifier.embedding.warm_up()
        log.info("models loaded and warmed up")
        return classifier

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings
        app.state.loading = asyncio.ensure_future(asyncio.to_thread(load_and_warm))
        app.state.loading.add_done_callback(_report_loading)
        yield
        app.state.loading.cancel()

    app = FastAPIOffline(  # Swagger UI and ReDoc served from the package: no CDN needed
        title="Log classification service",
        version="1.0.0",
        summary="Labels each line of a log CSV: regex rules, then sentence embeddings, then an LLM.",
        lifespan=lifespan,
    )
    app.add_middleware(UploadLimitMiddleware, max_bytes=settings.max_upload_bytes)
    secured = [Depends(require_api_key)]

    @app.get("/health", response_model=Status, tags=["service"])
    async def health() -> Status:
        """The process is alive."""
        return Status(status="ok")

    @app.get("/ready", response_model=Status, dependencies=secured, tags=["service"],
             responses={**_errors(401), 503: {"model": ErrorOut, "description": "Models not loaded yet"}})
    async def ready(request: Request) -> Status:
        """Models are loaded and warmed up: 503 until then."""
        loading = request.app.state.loading
        if not loading.done():
            raise HTTPException(503, "models are still loading", headers={"Retry-After": "2"})
        if loading.exception() is not None:
            raise HTTPException(503, f"the models could not be loaded: {loading.exception()}")
        return Status(status="ready")

    @app.post(
        "/classify/",
        dependencies=secured,
        tags=["classify"],
        response_class=Response,
        responses={
            200: {"content": {"text/csv": {}},
                  "description": "The input CSV with a target_label column (and tier, confidence "
                  "with explain=true). Headers X-Rows, X-Label-Counts, X-Tier-Counts and "
                  "X-LLM-Unlabeled summarise it."},
            **_errors(400, 401, 413, 503),
        },
    )
    async def classify_csv_file(
        classifier: Classifier,
        settings: AppSettings,
        file: Annotated[UploadFile, File(description="CSV with columns source and log_message (others kept)")],
        explain: Annotated[bool, Query(description="Add the columns tier and confidence")] = False,
        excel_safe: Annotated[bool, Query(description="Escape cells a spreadsheet would run as "
                                          "formulas (leading =, +, -, @, tab, CR)")] = False,
    ) -> Response:
        """Label every row of an uploaded CSV; the answer is the same CSV plus `target_label`.

        A CSV with a header and no rows comes back as the header plus `target_label`.
        """
        try:
            body, summary = await run_in_threadpool(
                _classify_upload, classifier, file.file, settings, explain, excel_safe)
        except RowLimitError as error:
            raise HTTPException(413, str(error)) from None
        except InputError as error:
            raise HTTPException(400, str(error)) from None
        log.info("classified %d rows from an upload: tiers %s", summary.rows, dict(summary.tiers))
        headers = _summary_headers(summary)
        headers["Content-Disposition"] = f'attachment; filename="{_download_name(file.filename)}"'
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)

    @app.post("/classify/json", response_model=ClassifyResponse, dependencies=secured,
              tags=["classify"], responses=_errors(401, 413, 503))
    async def classify_json(body: ClassifyRequest, classifier: Classifier,
                            settings: AppSettings) -> ClassifyResponse:
        """Label a list of log lines; answers come in the order sent, with a summary."""
        if len(body.logs) > settings.max_rows:
            raise HTTPException(413, f"{len(body.logs)} logs sent; the limit (MAX_ROWS) is {settings.max_rows}")
        summary = Summary()
        results: list[RowResult] = await run_in_threadpool(
            classifier.classify_batch,
            [entry.source for entry in body.logs], [entry.log_message for entry in body.logs], summary)
        log.info("classified %d rows from JSON: tiers %s", summary.rows, dict(summary.tiers))
        return ClassifyResponse(
            results=[RowOut(target_label=r.label, tier=r.tier, confidence=r.confidence) for r in results],
            summary=SummaryOut(**summary.as_dict()),
        )

    return app


def _report_loading(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("loading the models failed: %s", task.exception())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the log classification service.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    args = parser.parse_args(argv)
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=settings.log_level.lower())


if __name__ == "__main__":
    main()
