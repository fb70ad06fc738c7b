"""The page at `/` end to end: the real `python server.py`, Debian's chromium through playwright.

Uploads resources/test.csv and checks the table, the charts, the filters and the download
against what `/classify/` answers over plain HTTP; a bad file, the API key, a 100,000-row
file paged, and a cancelled run. A missing chromium fails these tests (tests/browser.py).
"""

import csv
import io
import json
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import launch
from tests.test_server_process import ServerProcess

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "test.csv"
SERVICE_KEY = "page-key-7781"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    server = ServerProcess(folder, JOBS_DIR=str(folder / "jobs"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def classify(server, content: bytes, explain: bool = False, patterns: bool = False) -> httpx.Response:
    return httpx.post(f"{server.url}/classify/", params={"explain": explain, "patterns": patterns},
                      files={"file": ("test.csv", content)}, timeout=120)


def post_file(server, endpoint: str, content: bytes) -> dict:
    response = httpx.post(f"{server.url}/{endpoint}/", files={"file": ("test.csv", content)}, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


def table_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#results tbody tr[data-row]", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")


def test_page_and_assets_come_from_the_service(server):
    page = httpx.get(server.url + "/", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/web/app.js" in assets and "/web/style.css" in assets
    for name in ("app.js", "api.js", "charts.js", "csv.js", "table.js", "style.css"):
        asset = httpx.get(f"{server.url}/web/{name}", timeout=10)
        assert asset.status_code == 200, name
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", asset.text), f"{name} names another host"
    assert all(url.startswith("/") for url in assets), assets


def test_upload_table_charts_filter_and_download(server, page):
    sample = SAMPLE.read_bytes()
    explained = list(csv.DictReader(io.StringIO(classify(server, sample, explain=True, patterns=True).text)))
    plain = classify(server, sample)
    assert plain.status_code == 200
    label_counts = json.loads(plain.headers["x-label-counts"])

    page.goto(server.url + "/")
    expect(page).to_have_title("Log classifier")
    expect(page.locator("#key-row")).to_be_hidden()  # this server has no API_KEY
    page.set_input_files("#file", str(SAMPLE))
    expect(page.locator("#results tbody tr[data-row]")).to_have_count(len(explained))

    # Every row with its label, tier and confidence, as /classify/?explain=true gives them.
    header = page.eval_on_selector_all("#results thead th", "cells => cells.map(c => c.textContent)")
    assert header == ["#", "Time", "Source", "Log message", "Label", "Tier", "Confidence", "Pattern"]
    tier_names = {"regex": "regex rules", "bert": "embeddings", "llm": "LLM", "none": "none"}
    for shown, row in zip(table_rows(page), explained, strict=True):
        confidence = f"{float(row['confidence']):.2f}" if row["confidence"] else "—"
        assert shown[1:] == [row["timestamp"], row["source"], row["log_message"], row["target_label"],
                             tier_names[row["tier"]], confidence, row["pattern_id"]]

    # Summary figures and charts: one bar per label with its count, one per tier, label x source.
    expect(page.locator("#figures")).to_contain_text("20")
    bars = page.eval_on_selector_all("#chart-labels svg rect.bar", "bars => bars.map(b => b.textContent)")
    assert sorted(bars) == sorted(f"{label}: {count}" for label, count in label_counts.items())
    tier_bars = page.eval_on_selector_all("#chart-tiers svg rect.bar", "bars => bars.map(b => b.textContent)")
    tiers = json.loads(plain.headers["x-tier-counts"])
    assert tier_bars == [f"{tier_names[t]}: {tiers.get(t, 0)}" for t in tier_names]
    sources = {row["source"] for row in explained}
    segments = page.locator("#chart-sources svg rect.bar")
    assert segments.count() == len({(row["source"], row["target_label"]) for row in explained})
    for source in sources:
        expect(page.locator("#chart-sources svg")).to_contain_text(source)
    expect(page.locator("#figures")).to_contain_text(f"LLM rows unlabeled{plain.headers['x-llm-unlabeled']}")

    # Filter by a label, then by text.
    page.select_option("#filter-label", "Security Alert")
    shown = table_rows(page)
    assert len(shown) == label_counts["Security Alert"]
    assert {row[4] for row in shown} == {"Security Alert"}
    expect(page.locator("#page-info")).to_contain_text(f"of {label_counts['Security Alert']} (filtered from 20)")
    page.select_option("#filter-label", "")
    page.fill("#filter-text", "KERNEL panic")
    expect(page.locator("#results tbody tr[data-row]")).to_have_count(1)
    assert "Kernel panic" in table_rows(page)[0][3]

    # The download is byte for byte what POST /classify/ answers.
    with page.expect_download() as download:
        page.click("#download")
    assert download.value.suggested_filename == "test_classified.csv"
    assert Path(download.value.path()).read_bytes() == plain.content



def test_patterns_view_and_timeline(server, page):
    sample = SAMPLE.read_bytes()
    answer = post_file(server, "patterns", sample)
    page.goto(server.url + "/")
    page.set_input_files("#file", str(SAMPLE))
    page.get_by_role("tab", name="Patterns").click()
    expect(page.locator("#patterns tbody tr")).to_have_count(len(answer["patterns"]))
    first = page.locator("#patterns tbody tr").first
    biggest = answer["patterns"][0]
    expect(first).to_contain_text(biggest["template"])
    for label, count in biggest["labels"].items():
        expect(first).to_contain_text(f"{label} {count}")
    # resources/test.csv has a timestamp column: the timeline over all patterns sums to the rows.
    bars = page.eval_on_selector_all("#chart-timeline svg rect", "bars => bars.map(b => b.textContent)")
    assert sum(int(bar.rsplit(": ", 1)[1]) for bar in bars) == answer["rows"]
    assert len(bars) == answer["time"]["buckets"]

    # A pattern's "Show lines" shows exactly its rows in the table.
    first.get_by_role("button", name="Show lines").click()
    expect(page.get_by_role("tab", name="Results")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#results tbody tr[data-row]")).to_have_count(biggest["count"])
    assert {row[-1] for row in table_rows(page)} == {str(biggest["id"])}
    expect(page.locator("#active-filter")).to_contain_text(f"Pattern {biggest['id']}")
    page.get_by_role("button", name="Show all rows").click()
    expect(page.locator("#results tbody tr[data-row]")).to_have_count(answer["rows"])


def test_analysis_view_without_llm(server, page):
    answer = post_file(server, "analyze", SAMPLE.read_bytes())
    assert answer["llm"]["used"] is False and answer["llm"]["note"]
    page.goto(server.url + "/")
    page.set_input_files("#file", str(SAMPLE))
    expect(page.locator("#results tbody tr[data-row]")).to_have_count(answer["rows"])
    page.get_by_role("tab", name="Analysis").click()
    expect(page.locator("#analysis .note")).to_have_text(answer["llm"]["note"])
    errors = answer["deterministic"]["errors"]
    assert errors, "resources/test.csv has error lines"
    section = page.locator("#analysis")
    expect(section).to_contain_text("Error patterns, most rows first")
    # The evidence links to the pattern's rows in the table.
    section.get_by_role("button", name=f"pattern {errors[0]['id']}").first.click()
    expect(page.locator("#results tbody tr[data-row]")).to_have_count(errors[0]["count"])
    assert {row[-1] for row in table_rows(page)} == {str(errors[0]["id"])}


def test_anomaly_view_or_its_absence(server, page):
    """The anomaly view lists POST /detect/'s sequences; on a service without it, it says so."""
    page.goto(server.url + "/")
    page.set_input_files("#file", str(SAMPLE))
    page.get_by_role("tab", name="Anomalies").click()
    page.get_by_label("Group lines by").select_option("window")
    page.get_by_label("Lines per window").fill("5")
    page.get_by_role("button", name="Find anomalies").click()
    response = httpx.post(f"{server.url}/detect/", params={"group_by": "window:5"},
                          files={"file": ("test.csv", SAMPLE.read_bytes())}, timeout=120)
    if response.status_code == 404:
        expect(page.locator("#anomaly-status")).to_have_text(
            "Anomaly detection is not available on this service (POST /detect/ answered 404).")
        expect(page.locator("#anomalies")).to_be_hidden()
        return
    assert response.status_code == 200, response.text
    sequences = response.json()["results"]
    expect(page.locator("#anomalies tbody tr")).to_have_count(len(sequences))
    anomalous = sum(1 for sequence in sequences if sequence["anomaly"])
    expect(page.locator("#anomaly-status")).to_contain_text(f"{anomalous} of {len(sequences)} sequences")


def test_drop_keyboard_and_phone_width(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        # Drag and drop: a real DataTransfer holding the sample dropped on the drop zone.
        transfer = page.evaluate_handle("""text => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "dropped.csv", { type: "text/csv" }));
            return transfer;
        }""", SAMPLE.read_text())
        page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
        expect(page.locator("#results tbody tr[data-row]")).to_have_count(20)
        expect(page.locator("#summary-title")).to_have_text("Summary of dropped.csv")
        # Nothing wider than a phone screen but the tables, which scroll inside their own box.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        # Tabs by keyboard (WAI-ARIA tab pattern), filters reachable by their labels.
        page.get_by_role("tab", name="Results").focus()
        page.keyboard.press("ArrowRight")
        expect(page.get_by_role("tab", name="Patterns")).to_be_focused()
        expect(page.get_by_role("tab", name="Patterns")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#panel-patterns")).to_be_visible()
        page.keyboard.press("ArrowLeft")
        expect(page.locator("#panel-results")).to_be_visible()
        for name in ("Label", "Source", "Tier", "Search"):
            expect(page.get_by_label(name, exact=True)).to_be_visible()
    finally:
        context.close()


def test_bad_file_shows_the_detail(server, page, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("source,message\nweb,hello\n")
    detail = classify(server, bad.read_bytes()).json()["detail"]
    assert "log_message" in detail
    page.goto(server.url + "/")
    page.set_input_files("#file", str(bad))
    expect(page.locator("#error")).to_have_text(f"The service said: 400: {detail}")
    expect(page.locator("#summary")).to_be_hidden()


def test_api_key_field(browser, tmp_path):
    server = ServerProcess(tmp_path, API_KEY=SERVICE_KEY)
    context = browser.new_context()
    try:
        server.wait_ready({"X-API-Key": SERVICE_KEY})
        page = context.new_page()
        page.goto(server.url + "/")
        expect(page.get_by_label("API key")).to_be_visible()  # the page saw /ready answer 401

        page.set_input_files("#file", str(SAMPLE))
        expect(page.locator("#error")).to_contain_text("401: missing or wrong API key")
        expect(page.get_by_label("API key")).to_be_focused()

        page.get_by_label("API key").fill(SERVICE_KEY)
        page.get_by_role("button", name="Classify again").click()
        expect(page.locator("#results tbody tr[data-row]")).to_have_count(20)
        expect(page.locator("#error")).to_be_hidden()
    finally:
        context.close()
        server.stop()


def big_csv(path: Path, rows: int) -> None:
    """A CSV of `rows` lines that the regex tier decides, three sources in turn."""
    lines = [("ModernCRM", "User User{} logged in."),
             ("BillingSystem", "Backup completed successfully."),
             ("WebFrontend", '203.0.113.7 - - [02/Nov/2026:08:14:09 +0000] "GET /api/orders/{} HTTP/1.1" 200 1532')]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "log_message"])
        for i in range(rows):
            source, message = lines[i % len(lines)]
            writer.writerow([source, message.format(i)])


def test_large_file_is_paged_and_a_run_can_be_cancelled(server, page, tmp_path):
    big = tmp_path / "big.csv"
    rows = 100_000
    big_csv(big, rows)
    page.goto(server.url + "/")

    page.set_input_files("#file", str(big))
    expect(page.locator("#cancel")).to_be_visible()
    page.click("#cancel")
    expect(page.locator("#progress-text")).to_have_text("Cancelled.")
    expect(page.locator("#summary")).to_be_hidden()

    page.get_by_role("button", name="Classify again").click()
    expect(page.locator("#results tbody tr[data-row]")).to_have_count(100, timeout=120_000)
    expect(page.locator("#page-info")).to_have_text("Rows 1–100 of 100,000 · page 1 of 1,000")
    expect(page.locator("#figures")).to_contain_text("100,000")
    page.click("#page-last")
    expect(page.locator("#page-info")).to_have_text("Rows 99,901–100,000 of 100,000 · page 1,000 of 1,000")
    assert table_rows(page)[-1][0] == "100000"

    expected = json.loads(classify(server, big.read_bytes()).headers["x-label-counts"])
    page.select_option("#filter-source", "BillingSystem")
    count = expected["System Notification"]
    assert count == rows // 3
    expect(page.locator("#page-info")).to_contain_text(f"of {count:,} (filtered from 100,000)")
    assert {row[3] for row in table_rows(page)} == {"System Notification"}  # no time column here
