// The results table: rows kept column-wise, filtered into a list of row indexes, shown a page at a time,
// so 100,000+ rows cost one pass per filter change and 100 table rows per page.

export const PAGE_SIZE = 100;

export class Results {
  // header: column names of the answer; rows: arrays of values (data rows only).
  constructor(header, rows) {
    this.header = header;
    this.rows = rows;
    const at = (name) => header.lastIndexOf(name);
    this.col = {
      source: header.indexOf("source"), message: header.indexOf("log_message"), label: at("target_label"),
      tier: at("tier"), confidence: at("confidence"), pattern: at("pattern_id"),
      time: header.findIndex((name) => ["timestamp", "time", "@timestamp", "date"].includes(name)),
    };
    this.filter = { label: "", source: "", tier: "", text: "", pattern: null, rowNumbers: null };
    this.lower = null;
    this.apply();
  }

  // Distinct values of a column with counts, most frequent first.
  counts(column) {
    const counts = new Map();
    if (column < 0) return [];
    for (const row of this.rows) counts.set(row[column], (counts.get(row[column]) || 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(b[0]));
  }

  // Recomputes `this.view`, the indexes of the rows that pass every filter, in file order.
  apply() {
    const { label, source, tier, text, pattern, rowNumbers } = this.filter;
    const c = this.col;
    const needle = text.trim().toLowerCase();
    if (needle && !this.lower) {
      this.lower = this.rows.map((row) => `${row[c.message]}\u0000${row[c.source]}`.toLowerCase());
    }
    const wanted = rowNumbers ? new Set(rowNumbers) : null;
    const view = [];
    for (let i = 0; i < this.rows.length; i += 1) {
      const row = this.rows[i];
      if (label && row[c.label] !== label) continue;
      if (source && row[c.source] !== source) continue;
      if (tier && row[c.tier] !== tier) continue;
      if (pattern !== null && row[c.pattern] !== pattern) continue;
      if (wanted && !wanted.has(i + 1)) continue;
      if (needle && !this.lower[i].includes(needle)) continue;
      view.push(i);
    }
    this.view = view;
    this.page = 0;
  }

  get pages() { return Math.max(1, Math.ceil(this.view.length / PAGE_SIZE)); }

  // Row indexes on the current page.
  pageRows() {
    return this.view.slice(this.page * PAGE_SIZE, (this.page + 1) * PAGE_SIZE);
  }
}
