// Pure helpers over a scoring result: no DOM here, so every rule about offsets, spans and wording sits in one place.

// Offsets come in code points (today's API) or UTF-16 code units (when the page asks for offsets: "utf16").
// JavaScript strings index UTF-16 code units, so code-point offsets are converted before slicing.
export function codePointIndex(text) {
  const unitsAt = [0];
  let units = 0;
  for (const character of text) {
    units += character.length;
    unitsAt.push(units);
  }
  return unitsAt;
}

function sliceMatches(text, start, end, expected) {
  return start >= 0 && end >= start && end <= text.length && text.slice(start, end) === expected;
}

// Where one evidence span sits in its field, in UTF-16 units; null when neither reading of its offsets fits.
// The reading the page asked for is tried first; the other one catches a server that ignored the option.
export function locateSpan(text, evidence, unitsAt, askedUtf16) {
  const asUnits = { start: evidence.start, end: evidence.end };
  const fromCodePoints = evidence.end < unitsAt.length
    ? { start: unitsAt[evidence.start], end: unitsAt[evidence.end] }
    : null;
  const readings = askedUtf16 ? [asUnits, fromCodePoints] : [fromCodePoints, asUnits];
  return readings.find((r) => r && sliceMatches(text, r.start, r.end, evidence.text)) || null;
}

// `weight_kind` replaces `weight` in newer results; both are read so the page works with either.
export function weightKind(entry) {
  return entry.weight_kind ?? entry.weight ?? "learned";
}

export function spanKey(feature, evidence) {
  return `${feature}:${evidence.field}:${evidence.start}:${evidence.end}`;
}

function termSpans(entry) {
  return (entry.terms || []).flatMap((term) => (term.evidence || []).map((evidence) => ({
    evidence,
    term: term.term,
    share: term.contribution / Math.max(1, term.evidence.length),
  })));
}

// Every evidence span of a result, one record each; a wording entry's spans come from its terms when it has them.
export function collectSpans(result) {
  const spans = [];
  for (const entry of result.explanations || []) {
    const fromTerms = termSpans(entry);
    const items = fromTerms.length ? fromTerms : (entry.evidence || []).map((evidence) => ({ evidence }));
    for (const item of items) {
      spans.push({
        key: spanKey(entry.feature, item.evidence),
        feature: entry.feature,
        family: entry.family || "other",
        contribution: entry.contribution,
        passages: items.length,
        term: item.term ?? null,
        share: item.share ?? null,
        ...item.evidence,
      });
    }
  }
  return spans;
}

// Cuts a field at every span boundary: each piece lists the spans covering it, so overlaps stay readable.
export function segments(length, located) {
  const cuts = new Set([0, length]);
  for (const span of located) {
    cuts.add(span.from);
    cuts.add(span.to);
  }
  const points = [...cuts].filter((p) => p >= 0 && p <= length).sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const from = points[i];
    const to = points[i + 1];
    pieces.push({ from, to, spans: located.filter((s) => s.from <= from && s.to >= to) });
  }
  return pieces;
}

// Families in order of their total pull on the score; entries inside a family by size of contribution.
export function groupByFamily(explanations) {
  const groups = new Map();
  for (const entry of explanations) {
    const family = entry.family || "other";
    if (!groups.has(family)) groups.set(family, { family, total: 0, entries: [] });
    const group = groups.get(family);
    group.total += entry.contribution;
    group.entries.push(entry);
  }
  const bySize = (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution);
  const out = [...groups.values()];
  out.forEach((g) => g.entries.sort(bySize));
  return out.sort((a, b) => Math.abs(b.total) - Math.abs(a.total));
}

export function topReasons(result, count) {
  return [...(result.explanations || [])]
    .filter((e) => e.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, count);
}

// "<code>: <human text>" as the API writes warnings; a warning without a code keeps its whole text.
export function parseWarning(warning) {
  const match = /^([a-z_]+):\s*(.*)$/s.exec(warning);
  return match ? { code: match[1], text: match[2] } : { code: "note", text: warning };
}

function binEdges(bin) {
  return [bin.lo ?? bin.low ?? bin.from ?? bin.min, bin.hi ?? bin.high ?? bin.to ?? bin.max];
}

function binRate(bin) {
  if (typeof bin.observed === "number") return bin.observed;
  if (typeof bin.fraction_credible === "number") return bin.fraction_credible;
  if (typeof bin.credible === "number" && bin.n > 0) return bin.credible / bin.n;
  return null;
}

// A reliability table in /v1/model's `metrics`, if the model carries one: bins with edges and an observed rate.
export function calibrationTable(modelInfo) {
  const candidates = [modelInfo?.metrics?.calibration_table, modelInfo?.metrics?.reliability];
  const table = candidates.find((t) => Array.isArray(t) && t.length > 0);
  if (!table) return null;
  const bins = table.map((bin) => ({ edges: binEdges(bin), rate: binRate(bin), n: bin.n ?? bin.count ?? null }));
  return bins.every((b) => typeof b.edges[0] === "number" && typeof b.edges[1] === "number" && b.rate !== null)
    ? bins : null;
}

// "Of 100 articles scored like this in evaluation, about N were credible": from the calibration table when the
// model has one, otherwise from the score itself (the model is calibrated, so its score is that rate).
export function credibleOutOf100(score, table) {
  const bin = table?.find((b, i) => score >= b.edges[0] && (score < b.edges[1] || i === table.length - 1));
  if (bin) return { count: Math.round(100 * bin.rate), from: "table", n: bin.n };
  return { count: Math.round(100 * score), from: "score", n: null };
}

export function signed(number, digits = 2) {
  const text = Math.abs(number).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return `${number < 0 ? "\u2212" : "+"}${text}`;
}

export function humanName(feature) {
  return feature.replace(/_/g, " ");
}
