"""What every router shares: the settings, the loaded classifier, the API key check, error schemas."""

import asyncio
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from classify import LogClassifier
from metrics import ServiceMetrics
from settings import Settings


class ErrorOut(BaseModel):
    detail: str


ERROR_DESCRIPTIONS = {
    400: "Unreadable input: not CSV or not UTF-8, malformed, empty, or a required column missing",
    401: "API_KEY is set and the request did not carry it",
    413: "Upload larger than MAX_UPLOAD_MB or more rows than MAX_ROWS",
    503: "The models could not be loaded",
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
AppMetrics = Annotated[ServiceMetrics, Depends(get_metrics)]
SECURED = [Depends(require_api_key)]
