"""`/metrics`: the service's Prometheus metrics in the text exposition format."""

from fastapi import APIRouter
from fastapi.responses import Response

from dependencies import SECURED, AppMetrics, error_responses

router = APIRouter(tags=["service"], dependencies=SECURED)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}},
                     "description": "Prometheus text format 0.0.4; see metrics.py for the names"},
               **error_responses(401)},
)
async def metrics(service_metrics: AppMetrics) -> Response:
    """Requests and latency by route and status, rows by tier and label, LLM calls, tokens,
    retries and failures by cause, breaker state, cache sizes and hits, upload sizes.

    Behind the API key when API_KEY is set, like every endpoint but /health and the docs.
    """
    return Response(service_metrics.exposition(), media_type=service_metrics.content_type)
