// Charts as inline SVG built with the DOM: bars per category, stacked bars, a tier mix, a timeline.
// Every chart carries a title and a text alternative; colours come from style.css (class per label).

const SVG = "http://www.w3.org/2000/svg";

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgRoot(width, height, label) {
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label,
                          preserveAspectRatio: "xMinYMin meet" });
  svg.appendChild(el("title", {}, label));
  return svg;
}

export function slug(name) {
  return String(name).toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

const fmt = new Intl.NumberFormat("en");

// Horizontal bars, one per [name, count]; `cls(name)` gives the bar's class.
// `width` is the chart's width in CSS pixels, so text keeps its size on any screen.
export function barChart(entries, { label, cls = (name) => `c-${slug(name)}`, onClick, width = 560 } = {}) {
  const rowH = 26, labelW = Math.min(170, width * 0.38), countW = 60;
  const barW = width - labelW - countW;
  const max = Math.max(1, ...entries.map(([, count]) => count));
  const svg = svgRoot(width, Math.max(rowH, entries.length * rowH) + 4,
                      `${label}: ${entries.map(([n, c]) => `${n} ${c}`).join(", ")}`);
  entries.forEach(([name, count], i) => {
    const y = i * rowH + 2;
    const group = el("g", { class: "bar-row" });
    group.appendChild(el("text", { x: labelW - 8, y: y + rowH / 2 + 4, "text-anchor": "end", class: "axis" }, name));
    const bar = el("rect", { x: labelW, y: y + 3, width: Math.max(1, (barW * count) / max), height: rowH - 8,
                             class: `bar ${cls(name)}` });
    bar.appendChild(el("title", {}, `${name}: ${fmt.format(count)}`));
    group.appendChild(bar);
    group.appendChild(el("text", { x: labelW + (barW * count) / max + 6, y: y + rowH / 2 + 4, class: "count" },
                         fmt.format(count)));
    if (onClick) {
      group.classList.add("clickable");
      group.addEventListener("click", () => onClick(name));
    }
    svg.appendChild(group);
  });
  return svg;
}

// One bar per row name, split into segments per series: rows = [[name, {series: count}]].
export function stackedBars(rows, series, { label, width = 560 } = {}) {
  const rowH = 26, labelW = Math.min(170, width * 0.38), countW = 50;
  const barW = width - labelW - countW;
  const totals = rows.map(([, counts]) => Object.values(counts).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const svg = svgRoot(width, Math.max(rowH, rows.length * rowH) + 4, label);
  rows.forEach(([name, counts], i) => {
    const y = i * rowH + 2;
    svg.appendChild(el("text", { x: labelW - 8, y: y + rowH / 2 + 4, "text-anchor": "end", class: "axis" }, name));
    let x = labelW;
    for (const key of series) {
      const count = counts[key] || 0;
      if (!count) continue;
      const w = (barW * count) / max;
      const rect = el("rect", { x, y: y + 3, width: Math.max(1, w), height: rowH - 8, class: `bar c-${slug(key)}` });
      rect.appendChild(el("title", {}, `${name} · ${key}: ${fmt.format(count)}`));
      svg.appendChild(rect);
      x += w;
    }
    svg.appendChild(el("text", { x: x + 6, y: y + rowH / 2 + 4, class: "count" }, fmt.format(totals[i])));
  });
  return svg;
}

// A legend (HTML) for series names.
export function legend(names) {
  const list = document.createElement("ul");
  list.className = "legend";
  for (const name of names) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch c-${slug(name)}`;
    item.append(swatch, name);
    list.appendChild(item);
  }
  return list;
}

// Counts per time bucket as columns: points = [[bucketLabel, count]].
export function timeline(points, { label, width = 560, height = 120, compact = false } = {}) {
  const pad = compact ? 1 : 18;
  const svg = svgRoot(width, height, label);
  const max = Math.max(1, ...points.map(([, c]) => c));
  const step = (width - 2 * pad) / Math.max(1, points.length);
  points.forEach(([bucket, count], i) => {
    const h = ((height - 2 * pad) * count) / max;
    const rect = el("rect", { x: pad + i * step, y: height - pad - h, width: Math.max(1, step - (compact ? 0.5 : 2)),
                              height: Math.max(count ? 1 : 0, h), class: "bar c-timeline" });
    rect.appendChild(el("title", {}, `${bucket}: ${fmt.format(count)}`));
    svg.appendChild(rect);
  });
  if (!compact && points.length) {
    svg.appendChild(el("text", { x: pad, y: height - 2, class: "axis" }, points[0][0]));
    svg.appendChild(el("text", { x: width - pad, y: height - 2, "text-anchor": "end", class: "axis" },
                       points[points.length - 1][0]));
    svg.appendChild(el("text", { x: pad, y: pad - 6, class: "axis" }, `max ${fmt.format(max)} per bucket`));
  }
  return svg;
}
