"""What every router shares: the settings, the loaded classifier, the API key check, error schemas."""

import asyncio
import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from classify import LogClassifier
from metrics import ServiceMetrics
from settings import Settings


class ErrorOut(BaseModel):
    detail: str


ERROR_DESCRIPTIONS = {
    400: "Unreadable input: not CSV, not text in its encoding (UTF-8 unless named), malformed, "
         "empty, a required column missing, or an unknown encoding or bad delimiter option",
    401: "API_KEY is set and the request did not carry it",
    404: "No such job for this API key (or it was deleted, or expired after JOBS_TTL)",
    409: "The job has no result (yet): it is queued, running or failed",
    413: "Upload larger than MAX_UPLOAD_MB (JOBS_MAX_UPLOAD_MB for jobs) or more rows than MAX_ROWS",
    503: "The models could not be loaded",
    507: "The jobs folder is full (JOBS_MAX_DISK_MB)",
}


def error_responses(*codes: int) -> dict:
    """OpenAPI `responses` for the given status codes, each with the `detail` schema."""
    return {code: {"model": ErrorOut, "description": ERROR_DESCRIPTIONS[code]} for code in codes}


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_metrics(request: Request) -> ServiceMetrics:
    return request.app.state.metrics


async def get_classifier(request: Request) -> LogClassifier:
    """The loaded classifier; waits for start-up loading to finish."""
    try:
        return await asyncio.shield(request.app.state.loading)
    except Exception as error:
        raise HTTPException(503, f"the models could not be loaded: {error}") from None


def given_api_key(
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(HTTPBearer(auto_error=False))],
    header_key: Annotated[str | None, Depends(APIKeyHeader(name="X-API-Key", auto_error=False))],
) -> str:
    """The key the request carries: Bearer token, else X-API-Key, else ''."""
    return bearer.credentials if bearer is not None else header_key or ""


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    given: Annotated[str, Depends(given_api_key)],
) -> None:
    """When API_KEY is set, the request must carry it (Bearer token or X-API-Key)."""
    if settings.api_key is None:
        return
    expected = settings.api_key.get_secret_value().encode()
    if not hmac.compare_digest(given.encode(), expected):
        raise HTTPException(401, "missing or wrong API key: send 'Authorization: Bearer <key>' "
                            "or 'X-API-Key: <key>'", headers={"WWW-Authenticate": "Bearer"})


def key_owner(settings: Annotated[Settings, Depends(get_settings)],
              given: Annotated[str, Depends(given_api_key)]) -> str:
    """Who owns what a request makes: the SHA-256 (hex) of its API key; '' when API_KEY is unset."""
    return "" if settings.api_key is None else hashlib.sha256(given.encode()).hexdigest()


# An uploaded CSV and how it is read and answered: the same parameters on every endpoint that takes one.
CsvUpload = Annotated[UploadFile, File(description="CSV with columns source and log_message (others kept)")]
ExplainQuery = Annotated[bool, Query(description="Add the columns tier and confidence")]
ExcelSafeQuery = Annotated[bool, Query(description="Escape cells a spreadsheet would run as "
                                       "formulas (leading =, +, -, @, tab, CR)")]
PatternsQuery = Annotated[bool, Query(description="Add the columns pattern_id and template "
                                      "(the ids and templates of POST /patterns/)")]
EncodingQuery = Annotated[str | None, Query(
    description="Encoding of a legacy file: cp1252, latin-1, gbk, shift_jis, ... "
    "(default UTF-8, or UTF-16 by its byte-order mark)")]
DelimiterQuery = Annotated[str | None, Query(
    description="Field delimiter: one character, or tab, comma, semicolon, pipe "
    "(default: an Excel sep= line, else detected from the header line)")]

Classifier = Annotated[LogClassifier, Depends(get_classifier)]
AppSettings = Annotated[Settings, Depends(get_settings)]
Owner = Annotated[str, Depends(key_owner)]
AppMetrics = Annotated[ServiceMetrics, Depends(get_metrics)]
SECURED = [Depends(require_api_key)]
