"""`/`: the web page for people with a log export, and its static files under `/web/`.

The page is plain HTML, CSS and JavaScript modules from `web/` (no build step, no CDN); it
talks to the same JSON and CSV endpoints as any other client. Neither the page nor its
files carry data, so they are served without the API key; the endpoints it calls ask for it.
"""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

# Scripts, styles and connections only from this service: log text shown on the page can never run.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}

router = APIRouter(tags=["page"], include_in_schema=False)
assets = StaticFiles(directory=WEB_DIR)


@router.get("/")
async def page() -> FileResponse:
    """The page (HTML): upload a CSV, see its labels, patterns and analysis, download the labeled CSV."""
    return FileResponse(WEB_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)
