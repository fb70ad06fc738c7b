"""Screenshots of the web page for the README: the real server, resources/test.csv, headless chromium.

    python scripts/screenshots.py [--out docs]

Starts `python server.py` on a free loopback port (LLM tier off), uploads the sample, and saves
docs/page-desktop.png (1280x800), docs/page-patterns.png, docs/page-analysis.png and
docs/page-phone.png (390x844).
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import launch  # noqa: E402
from tests.test_server_process import ServerProcess  # noqa: E402

SAMPLE = ROOT / "resources" / "test.csv"


def shoot(url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        page.set_input_files("#file", str(SAMPLE))
        page.wait_for_selector("#results tbody tr[data-row]")
        page.wait_for_function("() => { const text = document.getElementById('patterns-status').textContent; "
                               "return text.length > 0 && !text.startsWith('Grouping'); }")
        page.screenshot(path=out / "page-desktop.png", full_page=True)
        page.click("#tab-patterns")
        page.locator("#views").screenshot(path=out / "page-patterns.png")
        page.click("#tab-analysis")
        page.wait_for_function("() => !document.getElementById('analysis-status').textContent.startsWith('Analyzing')")
        page.locator("#views").screenshot(path=out / "page-analysis.png")
        page.click("#tab-results")
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(600)  # the charts redraw at the new width
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=out / "page-phone.png")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files (default docs/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp))
        try:
            server.wait_ready()
            shoot(server.url + "/", args.out)
        finally:
            server.stop()
    print(f"screenshots written to {args.out}")


if __name__ == "__main__":
    main()
