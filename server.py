"""HTTP service: builds the app, its lifespan and middleware; features live in `routers/`.

Models load once, in the app's lifespan, on a worker thread; `/ready` answers
503 until they are in, and classification requests wait for them. CSV parsing
and classification run off the event loop. Each request reads its own upload
and builds its own answer: nothing is shared between requests but the models
and their caches. Asynchronous jobs (`jobs.py`) keep their records and files
under JOBS_DIR; their workers start once the models are in and stop, resumable,
at shutdown.
"""

import argparse
import asyncio
import logging
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel

from classify import LogClassifier
from dependencies import SECURED, ErrorOut, error_responses
from jobs import JobRunner, JobStore
from metrics import ServiceMetrics
from routers import analyze as analyze_router
from routers import classify as classify_router
from routers import detect as detect_router
from routers import jobs as jobs_router
from routers import metrics as metrics_router
from routers import patterns as patterns_router
from routers import web as web_router
from settings import Settings
from upload_limit import UploadLimitMiddleware

log = logging.getLogger("log_classifier.server")


class Status(BaseModel):
    status: str


# Application -----------------------------------------------------------------------------------

def create_app(settings: Settings | None = None, load=LogClassifier.from_settings) -> FastAPI:
    """The service; `load(settings)` builds the classifier at start-up."""
    settings = settings or Settings()

    def load_and_warm() -> LogClassifier:
        classifier = load(settings)
        classifier.embedding.warm_up()
        log.info("models loaded and warmed up")
        return classifier

    service_metrics = ServiceMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings
        app.state.metrics = service_metrics
        app.state.loading = asyncio.ensure_future(asyncio.to_thread(load_and_warm))
        app.state.loading.add_done_callback(_report_loading)
        service_metrics.watch(lambda: _loaded(app.state.loading))
        app.state.jobs = JobRunner(JobStore(settings.jobs_dir), settings)
        app.state.loading.add_done_callback(lambda task: _start_jobs(app.state.jobs, task))
        yield
        app.state.loading.cancel()
        await asyncio.to_thread(app.state.jobs.stop)
        app.state.jobs.store.close()

    app = FastAPIOffline(  # Swagger UI and ReDoc served from the package: no CDN needed
        title="Log classification service",
        version="1.0.0",
        summary="Labels each line of a log CSV: regex rules, then sentence embeddings, then an LLM.",
        lifespan=lifespan,
    )
    app.add_middleware(UploadLimitMiddleware, max_bytes=settings.max_upload_bytes, by_prefix={
        "/jobs": (settings.jobs_max_upload_bytes, "JOBS_MAX_UPLOAD_MB")})
    service_metrics.instrument(app)

    @app.get("/health", response_model=Status, tags=["service"])
    async def health() -> Status:
        """The process is alive."""
        return Status(status="ok")

    @app.get("/ready", response_model=Status, dependencies=SECURED, tags=["service"],
             responses={**error_responses(401), 503: {"model": ErrorOut, "description": "Models not loaded yet"}})
    async def ready(request: Request) -> Status:
        """Models are loaded and warmed up: 503 until then."""
        loading = request.app.state.loading
        if not loading.done():
            raise HTTPException(503, "models are still loading", headers={"Retry-After": "2"})
        if loading.exception() is not None:
            raise HTTPException(503, f"the models could not be loaded: {loading.exception()}")
        return Status(status="ready")

    app.include_router(classify_router.router)
    app.include_router(detect_router.router)
    app.include_router(patterns_router.router)
    app.include_router(analyze_router.router)
    app.include_router(metrics_router.router)
    app.include_router(jobs_router.router)
    app.include_router(web_router.router)
    app.mount("/web", web_router.assets, name="web")
    return app


def _loaded(task: asyncio.Future) -> LogClassifier | None:
    """The classifier once loaded, else None."""
    if task.done() and not task.cancelled() and task.exception() is None:
        return task.result()
    return None


def _start_jobs(runner: JobRunner, task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is None:
        runner.start(task.result())


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
