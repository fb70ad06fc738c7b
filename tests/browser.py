"""Debian's chromium driven by Python playwright: how the page tests and the screenshot script start it.

Playwright's own browser download cannot run here, so it drives the system browser by path.
A missing browser is an error, not a skip: `make test` installs it (see the Makefile).
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch(playwright):
    """A headless chromium browser; AssertionError when /usr/bin/chromium is not installed."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make install-dev` (apt-get install chromium)"
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
