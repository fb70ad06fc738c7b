"""The web page with a large file: does it stay responsive, and what does it add to the API's time?

    python benchmarks/page_large.py [--rows 100000]

Starts `server.py` (LLM tier off), makes a CSV of `--rows` regex-decided lines, and measures in
headless chromium: upload to the first table page, the longest main-thread task while loading
(PerformanceObserver "longtask": a task over 50 ms blocks input), a filter change and a search.
Baseline in the same run: `POST /classify/?explain=true&patterns=true` of the same file over httpx.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser import launch  # noqa: E402
from tests.test_server_process import ServerProcess  # noqa: E402
from tests.test_web_page import big_csv  # noqa: E402

WATCH_LONG_TASKS = """() => {
  window.longest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
  }).observe({ type: "longtask", buffered: true });
}"""


def measure(url: str, csv_path: Path) -> dict[str, float]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url + "/")
        page.evaluate(WATCH_LONG_TASKS)
        started = time.monotonic()
        page.set_input_files("#file", str(csv_path))
        expect(page.locator("#results tbody tr[data-row]")).to_have_count(100, timeout=600_000)
        figures = {"page_s": time.monotonic() - started, "longest_task_loading_ms": page.evaluate("() => window.longest")}
        page.evaluate("() => { window.longest = 0; }")
        started = time.monotonic()
        page.select_option("#filter-source", "BillingSystem")
        expect(page.locator("#page-info")).to_contain_text("filtered")
        figures["filter_s"] = time.monotonic() - started
        page.select_option("#filter-source", "")
        page.fill("#filter-text", "backup")
        expect(page.locator("#page-info")).to_contain_text("filtered")
        figures["longest_task_filtering_ms"] = page.evaluate("() => window.longest")
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "big.csv"
        big_csv(csv_path, args.rows)
        server = ServerProcess(folder, JOBS_DIR=str(folder / "jobs"))
        try:
            server.wait_ready()
            started = time.monotonic()
            response = httpx.post(f"{server.url}/classify/", params={"explain": True, "patterns": True},
                                  files={"file": ("big.csv", csv_path.read_bytes())}, timeout=600)
            api_s = time.monotonic() - started
            assert response.status_code == 200, response.text
            figures = measure(server.url, csv_path)
        finally:
            server.stop()
    print(f"rows: {args.rows:,} ({csv_path.name}, {len(response.content):,} bytes answered)")
    print(f"API alone (httpx, baseline): {api_s:.2f} s")
    print(f"page, upload to first table page: {figures['page_s']:.2f} s = {figures['page_s'] / api_s:.2f}x the API")
    print(f"longest main-thread task while loading: {figures['longest_task_loading_ms']:.0f} ms")
    print(f"filter change: {figures['filter_s']:.3f} s; longest task while filtering and searching: "
          f"{figures['longest_task_filtering_ms']:.0f} ms")


if __name__ == "__main__":
    main()
