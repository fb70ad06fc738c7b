// CSV as the service writes it (RFC 4180: comma, double quotes, "\n" between records).
// The scanner reports where each field lies in the text instead of copying it, so the page
// reads values from the same pass that lets it cut columns out of the answer byte for byte:
// "Download labeled CSV" is the explained answer less the columns the page asked for.

const QUOTE = 34, COMMA = 44, LF = 10, CR = 13;

// Reads up to `limit` records from `pos`; for each calls onRecord(bounds), where bounds holds
// [start0, end0, start1, end1, ..., recordEnd]: the raw slice of each field (quotes included)
// and the position after the record's line break. Returns the position to continue from.
export function scanRecords(text, pos, limit, onRecord) {
  const n = text.length;
  let count = 0;
  while (pos < n && count < limit) {
    const bounds = [];
    for (;;) {
      const start = pos;
      if (text.charCodeAt(pos) === QUOTE) {
        pos += 1;
        for (;;) {
          const quote = text.indexOf('"', pos);
          if (quote < 0) throw new Error(`unterminated quoted field at character ${start}`);
          if (text.charCodeAt(quote + 1) === QUOTE) { pos = quote + 2; continue; }
          pos = quote + 1;
          break;
        }
      } else {
        while (pos < n) {
          const c = text.charCodeAt(pos);
          if (c === COMMA || c === LF || c === CR) break;
          pos += 1;
        }
      }
      bounds.push(start, pos);
      if (text.charCodeAt(pos) === COMMA) { pos += 1; continue; }
      if (text.charCodeAt(pos) === CR && text.charCodeAt(pos + 1) === LF) pos += 2;
      else if (pos < n) pos += 1;
      break;
    }
    bounds.push(pos);
    onRecord(bounds);
    count += 1;
  }
  return pos;
}

// The value of the field text[start:end] (quotes removed, doubled quotes undone).
export function fieldValue(text, start, end) {
  if (text.charCodeAt(start) === QUOTE) return text.slice(start + 1, end - 1).replaceAll('""', '"');
  return text.slice(start, end);
}

// All records as arrays of values.
export function parseAll(text) {
  const rows = [];
  scanRecords(text, 0, Infinity, (bounds) => {
    const row = [];
    for (let i = 0; i + 1 < bounds.length; i += 2) row.push(fieldValue(text, bounds[i], bounds[i + 1]));
    rows.push(row);
  });
  return rows;
}

// The text with only the fields at the `keep` indexes of every record, each field and line
// break exactly as written, as a list of string parts for a Blob.
export function keepColumns(text, keep) {
  const parts = [];
  scanRecords(text, 0, Infinity, (bounds) => {
    const fields = (bounds.length - 1) / 2;
    const kept = [];
    for (const index of keep) if (index < fields) kept.push(text.slice(bounds[2 * index], bounds[2 * index + 1]));
    parts.push(kept.join(","), text.slice(bounds[bounds.length - 2], bounds[bounds.length - 1]));
  });
  return parts;
}
