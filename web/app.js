// The page: upload a CSV, watch it run, see the summary, the rows, the patterns, the analysis and the
// anomalies, and download the labeled CSV. Everything comes from the service's own endpoints.

import { ApiError, call, fileForm, runJob, upload, useKey } from "./api.js";
import { barChart, legend, slug, stackedBars, timeline } from "./charts.js";
import { fieldValue, keepColumns, scanRecords } from "./csv.js";
import { PAGE_SIZE, Results } from "./table.js";

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat("en");
const LABELS = ["HTTP Status", "Critical Error", "Security Alert", "Error", "System Notification",
  "Resource Usage", "User Action", "Workflow Error", "Deprecation Warning", "Unclassified"];
const TIERS = { regex: "regex rules", bert: "embeddings", llm: "LLM", none: "none" };
// Columns the page asks for beyond what "Download labeled CSV" gives: they are cut out of the download.
const ADDED_COLUMNS = ["tier", "confidence", "pattern_id", "template"];
const QUERY = "explain=true&patterns=true";
// Files from this size on run as jobs (rows done of total, survives a proxy's timeout); smaller
// ones in one request, which also gives each row its pattern.
const JOB_MIN_BYTES = 2 * 1024 * 1024;

const state = {
  file: null, text: "", results: null, summary: null, running: null,
  patterns: null, patternsById: new Map(), analysis: null,
};

// Small DOM helpers ---------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function badge(label, count) {
  return h("span", { class: `badge c-${slug(label)}` }, count === undefined ? label : `${label} ${fmt.format(count)}`);
}

function setStatus(id, text, isError = false) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error-text", isError);
}

function showError(error) {
  const box = $("error");
  box.replaceChildren(h("strong", {}, "The service said: "), error.message || String(error));
  box.hidden = false;
  if (error.status === 401) showKeyField(true);
}

function clearError() { $("error").hidden = true; }

function showKeyField(focus) {
  $("key-row").hidden = false;
  if (focus) $("api-key").focus();
}

// Running a file --------------------------------------------------------------------------------

function showProgress(text, fraction) {
  $("progress").hidden = false;
  $("progress-text").textContent = text;
  const bar = $("progress-bar");
  if (fraction === null || fraction === undefined) bar.removeAttribute("value");
  else bar.value = fraction;
}

async function classify(file) {
  state.running?.abort();
  const controller = new AbortController();
  const handle = {};
  state.running = controller;
  controller.signal.addEventListener("abort", () => handle.abort?.());
  clearError();
  $("run").disabled = false;
  showProgress(`Sending ${file.name}…`, null);
  try {
    let answer = file.size < JOB_MIN_BYTES ? null : await runJob(QUERY, file, {
      signal: controller.signal,
      onProgress: ({ state: jobState, done, total }) => showProgress(
        total ? `${jobState}: ${fmt.format(done)} of ${fmt.format(total)} rows` : `${jobState}: ${fmt.format(done)} rows`,
        total ? done / total : null),
    });
    if (answer === null) {  // no /jobs/ on this service: one synchronous request
      const sync = await upload(`/classify/?${QUERY}`, file, {
        handle,
        onProgress: (sent, total) => showProgress(
          sent < total ? `Uploading: ${Math.round((100 * sent) / total)} %` : "Classifying… (rows done are counted only for jobs)",
          sent < total ? sent / total : null),
      });
      const labels = sync.header("X-Label-Counts");
      answer = { text: sync.text, summary: {
        rows: Number(sync.header("X-Rows")), labels: labels ? JSON.parse(labels) : null,
        llm_unlabeled: Number(sync.header("X-LLM-Unlabeled")),
      } };
    }
    await load(file, answer.text, answer.summary, controller.signal);
    if (controller.signal.aborted) throw new DOMException("cancelled", "AbortError");
    $("progress").hidden = true;
    loadPatterns(file);
  } catch (error) {
    if (state.running !== controller) return;  // a newer run owns the progress and error boxes
    if (error.name === "AbortError") {
      showProgress("Cancelled.", 0);
      return;
    }
    $("progress").hidden = true;
    showError(error);
  } finally {
    if (state.running === controller) state.running = null;
    $("cancel").disabled = false;
  }
}

// Parses the answer in slices so the page stays responsive, then shows it.
async function load(file, text, summary, signal) {
  let header = null;
  const rows = [];
  let pos = 0;
  while (pos < text.length) {
    pos = scanRecords(text, pos, 20000, (bounds) => {
      const row = [];
      for (let i = 0; i + 1 < bounds.length; i += 2) row.push(fieldValue(text, bounds[i], bounds[i + 1]));
      if (header === null) header = row;
      else if (row.length > 1 || row[0] !== "") rows.push(row);
    });
    showProgress(`Reading the answer: ${fmt.format(rows.length)} rows`, pos / text.length);
    await new Promise((resolve) => setTimeout(resolve));
    if (signal.aborted) return;
  }
  state.file = file;
  state.text = text;
  state.summary = summary || {};
  state.results = new Results(header || [], rows);
  state.patterns = null;
  state.patternsById = new Map();
  $("summary").hidden = false;
  $("views").hidden = false;
  renderSummary();
  renderFilters();
  renderTable();
  resetViews();
}

function download() {
  const header = state.results.header;
  const label = header.lastIndexOf("target_label");
  const keep = header.map((name, i) => i).filter((i) => i <= label || !ADDED_COLUMNS.includes(header[i]));
  const blob = new Blob(keepColumns(state.text, keep), { type: "text/csv;charset=utf-8" });
  const stem = (state.file.name.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+|[._]+$/g, "")) || "logs";
  const link = h("a", { href: URL.createObjectURL(blob), download: `${stem}_classified.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

// Summary ---------------------------------------------------------------------------------------

function renderSummary() {
  const results = state.results;
  const labels = results.counts(results.col.label);
  const tiers = results.counts(results.col.tier);
  const sources = results.counts(results.col.source);
  const unlabeled = state.summary.llm_unlabeled;
  const figure = (name, value, note) => [h("div", { class: "figure" }, h("dt", {}, name), h("dd", {}, value),
    note ? h("dd", { class: "hint" }, note) : null)];
  $("figures").replaceChildren(
    ...figure("Rows", fmt.format(results.rows.length)),
    ...figure("Labels", fmt.format(labels.length)),
    ...figure("Sources", fmt.format(sources.length)),
    ...figure("LLM rows unlabeled", Number.isFinite(unlabeled) ? fmt.format(unlabeled) : "—",
              "rows the LLM tier could not label"),
  );
  $("summary-title").textContent = `Summary of ${state.file.name}`;

  const labelOrder = labels.map(([name]) => name);
  const width = (id) => Math.max(280, $(id).clientWidth || 560);
  replaceChart("chart-labels", barChart(labels, {
    width: width("chart-labels"),
    label: "Rows per label", onClick: (name) => { $("filter-label").value = name; onFilter(); },
  }));
  const tierEntries = Object.keys(TIERS).map((tier) => [TIERS[tier], tiers.find(([t]) => t === tier)?.[1] || 0]);
  replaceChart("chart-tiers", barChart(tierEntries, {
    width: width("chart-tiers"),
    label: "Rows per tier", cls: (name) => `c-tier-${Object.keys(TIERS).find((t) => TIERS[t] === name)}`,
  }));

  const bySource = new Map();
  const c = results.col;
  for (const row of results.rows) {
    const counts = bySource.get(row[c.source]) || {};
    counts[row[c.label]] = (counts[row[c.label]] || 0) + 1;
    bySource.set(row[c.source], counts);
  }
  let rows = sources.map(([name]) => [name, bySource.get(name)]);
  if (rows.length > 15) {  // the 14 biggest sources, then the rest together
    const other = {};
    for (const [, counts] of rows.slice(14)) for (const [k, v] of Object.entries(counts)) other[k] = (other[k] || 0) + v;
    rows = [...rows.slice(0, 14), [`${rows.length - 14} other sources`, other]];
  }
  replaceChart("chart-sources", stackedBars(rows, labelOrder, {
    width: width("chart-sources"),
    label: `Rows per source, split by label: ${rows.map(([name, counts]) =>
      `${name}: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`).join("; ")}`,
  }), legend(labelOrder));
}

function replaceChart(id, ...content) {
  const figure = $(id);
  figure.replaceChildren(figure.querySelector("figcaption"), ...content);
}

// Results table ---------------------------------------------------------------------------------

function fillSelect(select, entries, allText, nameOf = (value) => value) {
  select.replaceChildren(h("option", { value: "" }, allText),
    ...entries.map(([value, count]) => h("option", { value }, `${nameOf(value)} (${fmt.format(count)})`)));
}

function renderFilters() {
  const r = state.results;
  fillSelect($("filter-label"), r.counts(r.col.label), "All labels");
  fillSelect($("filter-source"), r.counts(r.col.source), "All sources");
  fillSelect($("filter-tier"), r.counts(r.col.tier), "All tiers", (tier) => TIERS[tier] || tier);
  $("filter-text").value = "";
  setRowFilter(null, null);
  const columns = r.header.filter((name) => !["target_label", ...ADDED_COLUMNS].includes(name));
  $("group-column").replaceChildren(...columns.map((name) => h("option", { value: name }, name)));
}

function columnsShown() {
  const c = state.results.col;
  const shown = [["#", null]];
  if (c.time >= 0) shown.push(["Time", c.time]);
  shown.push(["Source", c.source], ["Log message", c.message], ["Label", c.label], ["Tier", c.tier],
             ["Confidence", c.confidence]);
  if (c.pattern >= 0) shown.push(["Pattern", c.pattern]);
  return shown;
}

function renderTable() {
  const r = state.results;
  const shown = columnsShown();
  const table = $("results");
  table.tHead.replaceChildren(h("tr", {}, shown.map(([name]) => h("th", { scope: "col" }, name))));
  const body = r.pageRows().map((index) => {
    const row = r.rows[index];
    return h("tr", { "data-row": index + 1 }, shown.map(([name, column]) => {
      if (column === null) return h("td", { class: "num" }, String(index + 1));
      const value = column < 0 ? "" : row[column];
      if (name === "Label") return h("td", {}, badge(value));
      if (name === "Tier") return h("td", {}, TIERS[value] || value);
      if (name === "Confidence") return h("td", { class: "num" }, value === "" ? "—" : Number(value).toFixed(2));
      if (name === "Pattern") {
        return h("td", { class: "num" }, h("button", { type: "button", class: "link", onclick: () => showPattern(value),
          "aria-label": `Show the lines of pattern ${value}`, title: row[r.header.lastIndexOf("template")] }, value));
      }
      return h("td", { class: name === "Log message" ? "message" : "" }, value);
    }));
  });
  if (!body.length) body.push(h("tr", {}, h("td", { colspan: shown.length, class: "empty" }, "No rows match these filters.")));
  table.tBodies[0].replaceChildren(...body);
  const first = r.view.length ? r.page * PAGE_SIZE + 1 : 0;
  const last = Math.min(r.view.length, (r.page + 1) * PAGE_SIZE);
  $("page-info").textContent = `Rows ${fmt.format(first)}–${fmt.format(last)} of ${fmt.format(r.view.length)}` +
    (r.view.length === r.rows.length ? "" : ` (filtered from ${fmt.format(r.rows.length)})`) +
    ` · page ${fmt.format(r.page + 1)} of ${fmt.format(r.pages)}`;
  $("page-first").disabled = $("page-prev").disabled = r.page === 0;
  $("page-next").disabled = $("page-last").disabled = r.page >= r.pages - 1;
}

function onFilter() {
  const f = state.results.filter;
  f.label = $("filter-label").value;
  f.source = $("filter-source").value;
  f.tier = $("filter-tier").value;
  f.text = $("filter-text").value;
  state.results.apply();
  renderTable();
}

// Narrows the table to one pattern's lines or to given row numbers; null clears it.
function setRowFilter(pattern, rowNumbers, text) {
  const f = state.results.filter;
  f.pattern = pattern;
  f.rowNumbers = rowNumbers;
  $("active-filter").hidden = pattern === null && rowNumbers === null;
  $("active-filter-text").textContent = text || "";
}

function showRows(pattern, rowNumbers, text) {
  for (const id of ["filter-label", "filter-source", "filter-tier", "filter-text"]) $(id).value = "";
  setRowFilter(pattern, rowNumbers, text);
  onFilter();
  selectTab("tab-results");
  $("results").scrollIntoView({ block: "start" });
}

let searchTimer;
function onSearch() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(onFilter, 150);
}

// Tabs ------------------------------------------------------------------------------------------

const tabs = () => [...document.querySelectorAll('[role="tab"]')];

function selectTab(id) {
  for (const tab of tabs()) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  if (id === "tab-analysis" && !state.analysis && state.file) analyze();
}

function onTabKey(event) {
  const list = tabs();
  const index = list.indexOf(event.target);
  const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: list.length - 1 };
  if (!(event.key in moves)) return;
  event.preventDefault();
  const next = list[(moves[event.key] + list.length) % list.length];
  selectTab(next.id);
  next.focus();
}

function resetViews() {
  state.analysis = null;
  $("analysis").replaceChildren();
  setStatus("analysis-status", "Open this tab or press Analyze to ask the service for an analysis of the file.");
  $("anomalies").hidden = true;
  setStatus("anomaly-status", "Pick how lines form sequences (sessions or windows), then press Find anomalies.");
  $("patterns").hidden = true;
  $("chart-timeline").hidden = true;
  selectTab("tab-results");
}

// A feature whose endpoint is not on this service says so instead of failing.
function unavailable(error, what, endpoint) {
  if (error.status === 404 || error.status === 405) return `${what} is not available on this service (${endpoint} answered ${error.status}).`;
  return error.message;
}

// Patterns --------------------------------------------------------------------------------------

// A pattern's timeline (rows per bucket; the layout is in the answer's `time`) as [bucket start, count].
function timelinePoints(counts) {
  const time = state.patterns?.time;
  if (!counts || !time?.start || !time.bucket_seconds) return [];
  const start = Date.parse(time.start);
  return counts.map((count, i) => [
    new Date(start + i * time.bucket_seconds * 1000).toISOString().replace("T", " ").replace(/(:00)?\.000Z$/, ""), count]);
}

async function loadPatterns(file) {
  setStatus("patterns-status", "Grouping the lines into patterns…");
  try {
    const answer = await (await call("/patterns/", { method: "POST", body: fileForm(file) })).json();
    if (state.file !== file) return;
    state.patterns = answer;
    state.patternsById = new Map((answer.patterns || []).map((p) => [String(p.id), p]));
    renderPatterns();
  } catch (error) {
    setStatus("patterns-status", unavailable(error, "Patterns", "POST /patterns/"), error.status !== 404);
  }
}

function showPattern(id) {
  const pattern = state.patternsById.get(String(id));
  const text = `Pattern ${id}${pattern ? `: ${pattern.template}` : ""}`;
  if (state.results.col.pattern >= 0) showRows(String(id), null, text);
  else showRows(null, (pattern?.samples || []).map((sample) => sample.row), `${text} (its sample rows: this run has no pattern column)`);
}

function renderPatterns() {
  const patterns = state.patterns.patterns || [];
  setStatus("patterns-status", `${fmt.format(patterns.length)} patterns in ${fmt.format(state.patterns.rows)} rows, most frequent first. ` +
    "“Show lines” shows a pattern's rows in the Results tab.");
  const total = [];
  for (const pattern of patterns) (pattern.timeline || []).forEach((count, i) => { total[i] = (total[i] || 0) + count; });
  const points = timelinePoints(total);
  if (points.length) {
    const { column, bucket_seconds: seconds } = state.patterns.time;
    replaceChart("chart-timeline", timeline(points, {
      width: Math.max(280, $("views").clientWidth - 40),
      label: `Lines per ${seconds} s bucket of column ${column}, ${points[0][0]} to ${points[points.length - 1][0]}`,
    }));
    $("chart-timeline").querySelector("figcaption").textContent = `Lines over time (column ${column}, ${seconds} s buckets)`;
    $("chart-timeline").hidden = false;
  }
  const body = patterns.map((pattern) => {
    const labels = Object.entries(pattern.labels || {}).sort((a, b) => b[1] - a[1]);
    const sources = Object.entries(pattern.sources || {}).sort((a, b) => b[1] - a[1]);
    const details = h("details", {}, h("summary", {}, "Samples and parameters"),
      h("ul", { class: "samples" }, (pattern.samples || []).map(({ row, log_message: line }) =>
        h("li", {}, h("button", { type: "button", class: "link", onclick: () => showRows(null, [row], `Row ${row}`) }, `row ${row}`),
          " ", h("code", {}, line)))),
      (pattern.parameters || []).length ? h("ul", { class: "params" }, pattern.parameters.map((param) =>
        h("li", {}, `word ${param.position + 1}: ${param.exact ? "" : "at least "}${fmt.format(param.distinct)} distinct — `,
          param.top.map((v) => `${v.value} (${fmt.format(v.count)})`).join(", ")))) : null,
      pattern.first_seen ? h("p", { class: "hint" }, `first seen ${pattern.first_seen}, last seen ${pattern.last_seen}`) : null);
    const points = timelinePoints(pattern.timeline);
    return h("tr", {},
      h("td", { class: "num" }, fmt.format(pattern.count), h("br"), h("span", { class: "hint" }, `${(100 * pattern.share).toFixed(1)} %`)),
      h("td", { class: "message" }, h("code", {}, pattern.template), details),
      h("td", {}, labels.map(([label, count]) => badge(label, count))),
      h("td", {}, sources.slice(0, 4).map(([source, count]) => h("div", {}, `${source} ${fmt.format(count)}`)),
        sources.length > 4 ? h("div", { class: "hint" }, `+${sources.length - 4} more`) : null),
      h("td", { class: "spark" }, points.length ? timeline(points, { label: `Timeline of pattern ${pattern.id}`, width: 120, height: 28, compact: true }) : "—"),
      h("td", {}, h("button", { type: "button", class: "button small", onclick: () => showPattern(pattern.id),
        "aria-label": `Show lines of pattern ${pattern.id}` }, "Show lines")));
  });
  $("patterns").tBodies[0].replaceChildren(...body);
  $("patterns").hidden = false;
}

// Analysis --------------------------------------------------------------------------------------

function evidenceLinks(evidence) {
  if (!evidence) return [];
  const list = Array.isArray(evidence) ? evidence : [evidence];
  const patterns = [], rows = [];
  for (const item of list) {
    if (typeof item !== "object") continue;
    patterns.push(...(item.patterns || item.pattern_ids || (item.pattern_id !== undefined ? [item.pattern_id] : [])));
    rows.push(...(item.rows || item.row_numbers || (item.row !== undefined ? [item.row] : [])));
  }
  return [
    ...patterns.map((id) => patternLink(id)),
    rows.length ? h("button", { type: "button", class: "link", onclick: () => showRows(null, rows.map(Number), `Evidence rows ${rows.join(", ")}`) },
      `${rows.length === 1 ? "row" : "rows"} ${rows.slice(0, 8).join(", ")}${rows.length > 8 ? "…" : ""}`) : null,
  ].filter(Boolean);
}

function patternLink(id, text) {
  return h("button", { type: "button", class: "link", onclick: () => showPattern(id) }, text ?? `pattern ${id}`);
}

async function analyze(event) {
  event?.preventDefault();
  const file = state.file;
  setStatus("analysis-status", "Analyzing…");
  $("analyze").disabled = true;
  try {
    const answer = await (await call("/analyze/", { method: "POST", body: fileForm(file, { question: $("question").value.trim() }) })).json();
    if (state.file !== file) return;
    state.analysis = answer;
    renderAnalysis(answer);
    setStatus("analysis-status", "");
  } catch (error) {
    state.analysis = { failed: true };
    setStatus("analysis-status", unavailable(error, "Analysis", "POST /analyze/"), error.status !== 404);
  } finally {
    $("analyze").disabled = false;
  }
}

function renderAnalysis(answer) {
  const llm = answer.llm || {};
  const facts = answer.deterministic || {};
  const parts = [];
  if (llm.note) parts.push(h("p", { class: "note", role: "note" }, llm.note));
  if (answer.summary) parts.push(h("h3", {}, "Summary"), h("p", {}, answer.summary));
  if (answer.answer) parts.push(h("h3", {}, "Answer"), h("p", {}, answer.answer));
  if ((answer.root_causes || []).length) {
    parts.push(h("h3", {}, "Likely root causes"), h("ol", { class: "causes" }, answer.root_causes.map((cause) =>
      h("li", {}, h("span", { class: `confidence conf-${cause.confidence}` }, cause.confidence), " ", cause.cause,
        h("div", { class: "evidence" }, "Evidence: ", ...withCommas(evidenceLinks(cause.evidence)))))));
  }
  if ((answer.notable || []).length) {
    parts.push(h("h3", {}, "What stands out"), h("ul", {}, answer.notable.map((item) =>
      h("li", {}, h("span", { class: "confidence" }, item.reason), " ", item.why, " (", patternLink(item.pattern_id), ")"))));
  }
  if ((answer.recommendations || []).length) {
    parts.push(h("h3", {}, "Recommendations"), h("ul", {}, answer.recommendations.map((item) => h("li", {}, item))));
  }
  if (llm.used) {
    parts.push(h("p", { class: "hint" }, `LLM: ${fmt.format(llm.calls)} call(s), ${fmt.format(llm.prompt_tokens)} prompt and ` +
      `${fmt.format(llm.completion_tokens)} completion tokens; ${fmt.format(llm.patterns_sent)} patterns sent` +
      `${llm.redacted ? ", values redacted" : ""}${llm.evidence_dropped ? `; ${llm.evidence_dropped} evidence entries dropped` : ""}.`));
  }
  parts.push(h("h3", {}, "Computed without the model"),
    h("p", {}, `${fmt.format(facts.rows ?? 0)} rows in ${fmt.format(facts.patterns ?? 0)} patterns.`));
  const ranked = (title, list) => (list || []).length ? [h("h4", {}, title), h("ul", {}, list.map((p) =>
    h("li", {}, badge(p.label), ` ${fmt.format(p.rows)} of ${fmt.format(p.count)} rows: `, h("code", {}, p.template), " (", patternLink(p.id), ")")))] : [];
  parts.push(...ranked("Error patterns, most rows first", facts.errors), ...ranked("Security patterns", facts.security));
  if ((facts.bursts || []).length) {
    parts.push(h("h4", {}, "Bursts"), h("ul", {}, facts.bursts.map((b) => h("li", {},
      `${fmt.format(b.rows)} rows from ${b.start} to ${b.end} (peak ${fmt.format(b.peak)} per bucket, usually ${b.baseline.toFixed(1)}): `,
      h("code", {}, b.template), " (", patternLink(b.pattern_id), ")"))));
  }
  if ((facts.rare || []).length) {
    parts.push(h("h4", {}, "Rare patterns"), h("ul", {}, facts.rare.slice(0, 20).map((p) => h("li", {},
      `${fmt.format(p.count)} × `, h("code", {}, p.template), " (", patternLink(p.id), ")"))));
  }
  $("analysis").replaceChildren(...parts);
}

function withCommas(nodes) {
  return nodes.flatMap((node, i) => (i ? [", ", node] : [node]));
}

// Anomalies -------------------------------------------------------------------------------------

function groupBy() {
  const kind = $("group-kind").value;
  if (kind === "column") return `column:${$("group-column").value}`;
  if (kind === "regex") return `regex:${$("group-regex").value}`;
  return `window:${$("group-window").value}`;
}

function onGroupKind() {
  const kind = $("group-kind").value;
  $("group-column-field").hidden = kind !== "column";
  $("group-regex-field").hidden = kind !== "regex";
  $("group-window-field").hidden = kind !== "window";
}

// Evidence of a sequence: the templates that drove its score, each with its rows in the upload.
function evidenceCell(sequence) {
  const evidence = sequence.evidence || [];
  if (!evidence.length) return "—";
  return h("ul", { class: "samples" }, evidence.slice(0, 3).map((e) => h("li", {}, h("code", {}, e.template), " ",
    h("button", { type: "button", class: "link", onclick: () => showRows(null, e.rows, `Sequence ${sequence.sequence_id}: ${e.template}`) },
      `${e.rows.length === 1 ? "row" : "rows"} ${e.rows.slice(0, 6).join(", ")}${e.rows.length > 6 ? "…" : ""}`))),
    evidence.length > 3 ? h("li", { class: "hint" }, `+${evidence.length - 3} more templates`) : null);
}

async function detect(event) {
  event.preventDefault();
  const file = state.file;
  setStatus("anomaly-status", "Scoring sequences…");
  $("detect").disabled = true;
  try {
    const query = new URLSearchParams({ group_by: groupBy() });
    const answer = await (await call(`/detect/?${query}`, { method: "POST", body: fileForm(file) })).json();
    if (state.file !== file) return;
    const sequences = answer.results.slice().sort((a, b) => b.score - a.score);
    const anomalous = sequences.filter((s) => s.anomaly).length;
    setStatus("anomaly-status", `${fmt.format(anomalous)} of ${fmt.format(sequences.length)} sequences look anomalous` +
      `${sequences.length > 1000 ? " (the 1,000 highest scores are listed)" : ""}` +
      ` (detector: ${answer.detector}); highest score first.`);
    $("anomalies").tBodies[0].replaceChildren(...sequences.slice(0, 1000).map((s) =>
      h("tr", { class: s.anomaly ? "anomalous" : "" },
        h("td", {}, String(s.sequence_id)),
        h("td", {}, s.anomaly ? h("strong", {}, "yes") : "no"),
        h("td", { class: "num" }, h("meter", { min: 0, max: 1, low: 0.3, high: 0.5, optimum: 0, value: s.score, "aria-label": `score of ${s.sequence_id}` }), ` ${s.score.toFixed(2)}`),
        h("td", { class: "num" }, fmt.format(s.lines)),
        h("td", {}, Object.entries(s.labels || {}).map(([label, count]) => badge(label, count))),
        h("td", { class: "message" }, evidenceCell(s)))));
    $("anomalies").hidden = false;
  } catch (error) {
    $("anomalies").hidden = true;
    setStatus("anomaly-status", unavailable(error, "Anomaly detection", "POST /detect/"), error.status !== 404);
  } finally {
    $("detect").disabled = false;
  }
}

// Wiring ----------------------------------------------------------------------------------------

function chooseFile(file) {
  if (!file) return;
  state.chosen = file;
  $("file-chosen").textContent = `${file.name} (${fmt.format(file.size)} bytes)`;
  classify(file);
}

function init() {
  useKey(() => $("api-key").value.trim());
  const zone = $("dropzone");
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => { event.preventDefault(); zone.classList.add("over"); });
  }
  for (const name of ["dragleave", "drop"]) zone.addEventListener(name, () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => { event.preventDefault(); chooseFile(event.dataTransfer.files[0]); });
  $("file").addEventListener("change", (event) => { chooseFile(event.target.files[0]); event.target.value = ""; });
  $("run").addEventListener("click", () => state.chosen && classify(state.chosen));
  $("cancel").addEventListener("click", () => { $("cancel").disabled = true; state.running?.abort(); });
  $("download").addEventListener("click", download);
  for (const id of ["filter-label", "filter-source", "filter-tier"]) $(id).addEventListener("change", onFilter);
  $("filter-text").addEventListener("input", onSearch);
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); onFilter(); });
  $("clear-filter").addEventListener("click", () => { setRowFilter(null, null); onFilter(); });
  const page = (to) => () => { const r = state.results; r.page = Math.min(r.pages - 1, Math.max(0, to(r))); renderTable(); };
  $("page-first").addEventListener("click", page(() => 0));
  $("page-prev").addEventListener("click", page((r) => r.page - 1));
  $("page-next").addEventListener("click", page((r) => r.page + 1));
  $("page-last").addEventListener("click", page((r) => r.pages - 1));
  for (const tab of tabs()) {
    tab.addEventListener("click", () => selectTab(tab.id));
    tab.addEventListener("keydown", onTabKey);
  }
  $("analysis-form").addEventListener("submit", analyze);
  $("anomaly-form").addEventListener("submit", detect);
  $("group-kind").addEventListener("change", onGroupKind);
  let resizeTimer;  // charts are drawn at the width they are shown at
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => state.results && renderSummary(), 200);
  });
  // The key field appears when the service asks for a key.
  call("/ready").catch((error) => { if (error.status === 401) showKeyField(false); });
}

init();
