// Builds the result's DOM: the score in words, warnings, reason bars, the text with its evidence, compared versions.
import {
  codePointIndex, collectSpans, credibleOutOf100, groupByFamily, humanName, locateSpan, parseWarning, segments,
  signed, topReasons, weightKind,
} from "./result.js";

// One colour and one non-colour cue (the underline's style and weight) per family; the legend shows both.
export const FAMILIES = {
  attribution: { fill: "#cfe3ff", line: "#1f5fa8", style: "solid", weight: 2 },
  hedging: { fill: "#ffe2b8", line: "#9a5800", style: "dashed", weight: 2 },
  figures: { fill: "#d9f2d0", line: "#2e7a17", style: "dotted", weight: 2 },
  boilerplate: { fill: "#e6ddf7", line: "#6a3fb5", style: "double", weight: 2 },
  integrity: { fill: "#ffd6dc", line: "#b01e3a", style: "wavy", weight: 2 },
  style: { fill: "#fff3a6", line: "#7a6500", style: "solid", weight: 4 },
  wording: { fill: "#d4f1f4", line: "#0f6f7a", style: "dashed", weight: 4 },
  reputation: { fill: "#eadfd3", line: "#7a4f24", style: "dotted", weight: 4 },
  corroboration: { fill: "#e3e8ee", line: "#3c4a5a", style: "double", weight: 4 },
};
const FALLBACK = { fill: "#eceff2", line: "#4d5661", style: "solid", weight: 1 };

export function familyStyle(family) {
  return FAMILIES[family] || FALLBACK;
}

// The family's look as custom properties the stylesheet reads (setting them is allowed by the page's policy).
function paint(node, family, second = null) {
  const look = familyStyle(family);
  node.style.setProperty("--fill", look.fill);
  node.style.setProperty("--family-line", look.line);
  node.style.setProperty("--line-style", look.style);
  node.style.setProperty("--line-weight", `${look.weight}px`);
  if (second) node.style.setProperty("--second", familyStyle(second).line);
  return node;
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const BAND_WORDS = {
  high: "High: likely credible",
  medium: "Medium: mixed signals",
  low: "Low: likely not credible",
  uncertain: "Uncertain: the model cannot judge this text reliably",
};

const WARNING_HEADLINES = {
  non_english: "Not English",
  too_short: "Too short",
  clipped: "A value outside the training range",
  overlong: "Text cut for scoring",
  prior: "Weights not learned from data",
  prior_weight: "A weight not learned from data",
};

function logitLine(result) {
  if (typeof result.logit !== "number" || typeof result.intercept !== "number") return "";
  return ` Logit ${result.logit.toFixed(3)} = intercept ${result.intercept.toFixed(3)} + the contributions below.`;
}

function aboutCount(count) {
  if (count < 1) return "fewer than one was";
  if (count === 1) return "about one was";
  if (count > 99) return "more than 99 were";
  return `about ${count} were`;
}

export function renderScore(result, table) {
  const words = credibleOutOf100(result.score, table);
  const source = words.from === "table"
    ? `From the model's calibration table${words.n ? ` (${words.n} evaluation articles in this score range)` : ""}.`
    : "Derived from the calibrated score (100 \u00D7 score, rounded): the model is calibrated, so its score is the "
      + "share of articles scored like this that were credible in evaluation.";
  return el("div", { class: `score band-${result.band}` },
    el("p", { class: "score-line" },
      el("span", { class: "score-label" }, "Score "),
      el("strong", { "data-testid": "score-value", "data-score": String(result.score), class: "score-value" },
        result.score.toFixed(2)),
      el("span", { class: "score-of" }, " of 1"),
    ),
    el("p", { class: "band-line" }, "Band: ",
      el("strong", { "data-testid": "score-band", "data-band": result.band, class: `band band-${result.band}` },
        result.band),
      ` \u2014 ${BAND_WORDS[result.band] || ""}`),
    el("p", { class: "in-words", "data-testid": "score-words" },
      `Of 100 articles scored like this in evaluation, ${aboutCount(words.count)} credible.`),
    el("p", { class: "fine" }, source, logitLine(result)),
    el("p", { class: "fine" }, `Model ${result.model_version}, article id ${result.id}.`),
  );
}

function priorWarning(result) {
  const priors = (result.explanations || []).filter((e) => weightKind(e) === "prior" && e.contribution !== 0);
  if (!priors.length) return null;
  const names = priors.map((e) => humanName(e.feature)).join(", ");
  return { code: "prior", text: `${priors.length} reason(s) use a documented prior weight, not one learned from `
    + `data: ${names}.` };
}

export function renderWarnings(result) {
  const warnings = (result.warnings || []).map(parseWarning);
  const prior = priorWarning(result);
  if (prior && !warnings.some((w) => w.code.startsWith("prior"))) warnings.push(prior);
  if (!warnings.length) return el("p", { class: "fine" }, "No warnings.");
  return el("ul", { class: "warnings", "data-testid": "warnings" }, warnings.map((w) => el("li",
    { class: `warning warning-${w.code}`, "data-code": w.code },
    el("strong", {}, `\u26A0 ${WARNING_HEADLINES[w.code] || humanName(w.code)}: `), w.text)));
}

function badges(entry) {
  const kind = weightKind(entry);
  const marks = [];
  if (kind === "prior") marks.push(["prior", "prior weight"]);
  if (kind === "none") marks.push(["none", "not learned (weight 0)"]);
  if (entry.clipped) marks.push(["clipped", "value clipped"]);
  return marks.map(([name, text]) => el("span", { class: `badge badge-${name}` }, text));
}

// Below half a hundredth of a logit the two-decimal figure reads 0.00, so the words say so too.
function direction(contribution) {
  if (Math.abs(contribution) < 0.005) return "no effect";
  return contribution > 0 ? "raises" : "lowers";
}

function barGraphic(contribution, largest) {
  const share = largest > 0 ? Math.abs(contribution) / largest : 0;
  const fill = el("span", { class: `bar-fill ${contribution < 0 ? "lowers" : "raises"}` });
  fill.style.width = `${(share * 50).toFixed(2)}%`;
  return el("span", { class: "bar-track", "aria-hidden": "true" }, el("span", { class: "bar-axis" }), fill);
}

function passagesText(count) {
  if (count === 0) return "no passage";
  return count === 1 ? "1 passage" : `${count} passages`;
}

export function renderBar(entry, largest, passages) {
  const reference = typeof entry.reference === "number" ? `, typical ${entry.reference.toFixed(2)}` : "";
  return el("button", {
    type: "button", class: "signal-bar", "data-testid": "signal-bar", "data-feature": entry.feature,
    "aria-pressed": "false", title: entry.description || null,
  },
  el("span", { class: "bar-head" },
    el("span", { class: "bar-name" }, humanName(entry.feature)),
    el("span", { class: "bar-contribution" }, `${direction(entry.contribution)} ${signed(entry.contribution)}`)),
  barGraphic(entry.contribution, largest),
  el("span", { class: "bar-meta" },
    `value ${Number(entry.value).toFixed(2)}${reference} \u00B7 ${passagesText(passages)}`, ...badges(entry)),
  );
}

function renderTerms(entry, largest) {
  const terms = entry.terms || [];
  if (!terms.length) return null;
  return el("ol", { class: "terms", "aria-label": "Wording terms and their contributions" },
    terms.map((term) => el("li", {},
      el("button", {
        type: "button", class: "term-bar", "data-testid": "term-bar", "data-feature": entry.feature,
        "data-term": term.term, "aria-pressed": "false",
      },
      el("span", { class: "bar-head" },
        el("span", { class: "bar-name" }, `\u201C${term.term}\u201D`),
        el("span", { class: "bar-contribution" }, `${direction(term.contribution)} ${signed(term.contribution, 3)}`)),
      barGraphic(term.contribution, largest),
      el("span", { class: "bar-meta" }, `coefficient ${signed(term.coefficient, 3)} \u00D7 value `
        + `${Number(term.value).toFixed(2)} \u00B7 ${passagesText(term.occurrences ?? (term.evidence || []).length)}`))),
    ), unlistedTerms(entry.unlisted_terms));
}

function unlistedTerms(unlisted) {
  if (!unlisted || !unlisted.count) return null;
  const noun = unlisted.count === 1 ? "other term" : "other terms";
  return el("li", { class: "terms-unlisted", "data-testid": "terms-unlisted" },
    `${unlisted.count} ${noun} together ${direction(unlisted.contribution)} ${signed(unlisted.contribution, 3)}`);
}

export function renderReasons(result, passagesOf) {
  const explanations = result.explanations || [];
  const largest = Math.max(0, ...explanations.map((e) => Math.abs(e.contribution)));
  return groupByFamily(explanations).map((group) => {
    const headingId = `family-${group.family}`;
    return el("section", { class: `family family-${group.family}`, "aria-labelledby": headingId },
      el("h3", { id: headingId },
        paint(el("span", { class: "swatch", "aria-hidden": "true" }), group.family),
        `${group.family} `, el("span", { class: "family-total" }, `${direction(group.total)} ${signed(group.total)}`)),
      el("ul", { class: "bars" }, group.entries.map((entry) => el("li", {},
        renderBar(entry, largest, passagesOf(entry.feature)),
        renderTerms(entry, largest)))));
  });
}

export function renderLegend(families) {
  return el("ul", { class: "legend", "aria-label": "Highlight colours and underlines by family" },
    families.map((family) => el("li", {}, paint(el("span", { class: "ev-sample" }, family), family))));
}

function fieldSpans(spans, field, text) {
  const unitsAt = codePointIndex(text);
  const located = [];
  const missing = [];
  for (const span of spans.filter((s) => s.field === field)) {
    const at = locateSpan(text, span, unitsAt, span.askedUtf16);
    if (at) located.push({ ...span, from: at.start, to: at.end });
    else missing.push(span);
  }
  return { located, missing };
}

function pieceNode(text, piece) {
  const content = text.slice(piece.from, piece.to);
  if (!piece.spans.length) return document.createTextNode(content);
  const family = piece.spans[0].family;
  const second = piece.spans.find((s) => s.family !== family)?.family ?? family;
  const features = [...new Set(piece.spans.map((s) => s.feature))];
  const mark = el("mark", {
    class: piece.spans.length > 1 ? "ev overlap" : "ev", tabindex: "-1", "data-testid": "evidence",
    "data-feature": features.join(" "), "data-spans": piece.spans.map((s) => s.key).join(" "),
    "data-depth": piece.spans.length,
  }, content);
  return paint(mark, family, second);
}

// One field's text with every located span highlighted; spans that do not fit are returned for a separate list.
export function renderField(text, field, spans) {
  const { located, missing } = fieldSpans(spans, field, text);
  const scrolls = field === "page_text"; // the whole page scrolls in its own box, so it must take focus
  const body = el("div", { class: `field-text field-${field}`, "data-field": field, tabindex: scrolls ? "0" : null,
    role: scrolls ? "region" : null, "aria-label": scrolls ? "The whole page" : null },
    segments(text.length, located).map((piece) => pieceNode(text, piece)));
  return { body, missing };
}

export function renderMissing(spans) {
  if (!spans.length) return null;
  return el("div", { class: "missing" },
    el("h3", {}, "Evidence outside the text shown"),
    el("p", { class: "fine" }, "These spans index text the page does not have (for a pasted page, the API did not "
      + "return its extracted text)."),
    el("ul", {}, spans.map((s) => el("li", { "data-feature": s.feature },
      `${humanName(s.feature)} (${s.label}, ${s.field}): \u201C${s.text}\u201D`))));
}

export function spansOf(result, askedUtf16) {
  return collectSpans(result).map((s) => ({ ...s, askedUtf16 }));
}

export function describeSpan(span) {
  const what = span.term ? `term \u201C${span.term}\u201D, ${signed(span.share, 3)} for this occurrence`
    : `${span.label}; the signal ${direction(span.contribution)} the score by ${signed(span.contribution)} `
      + `over ${passagesText(span.passages)}`;
  return `${humanName(span.feature)} (${span.family}): ${what}`;
}

function corroborationText(corroboration) {
  const claims = corroboration.claims || [];
  const alone = claims.filter((c) => c.status === "uncorroborated");
  const summary = `${claims.length - alone.length} of ${claims.length} claims corroborated across `
    + `${corroboration.versions ?? "?"} versions`;
  return el("div", { class: "corroboration" }, el("p", {}, summary),
    alone.length ? el("ul", { "aria-label": "Claims no other version carries" },
      alone.map((c) => el("li", {}, `${c.kind}: \u201C${c.text}\u201D`))) : null);
}

function versionCard(item, rank, showCorroboration) {
  if (item.result.error) {
    return el("li", { class: "version error", "data-testid": "compare-version" },
      el("h3", {}, item.label), el("p", { role: "alert" }, `Not scored: ${item.result.error.detail}`));
  }
  const result = item.result;
  const words = credibleOutOf100(result.score, item.table);
  return el("li", { class: `version band-${result.band}`, "data-testid": "compare-version", "data-rank": rank },
    el("h3", {}, el("span", { class: "rank" }, `#${rank} `), item.label),
    el("p", { class: "score-line" }, el("strong", { "data-testid": "compare-score", "data-score": result.score },
      result.score.toFixed(2)), ` \u00B7 band `, el("strong", { class: `band band-${result.band}` }, result.band)),
    el("p", { class: "fine" }, `Of 100 like it, ${aboutCount(words.count)} credible.`),
    el("h4", {}, "Top reasons"),
    el("ul", { class: "top-reasons" }, topReasons(result, 3).map((e) => el("li", {},
      `${direction(e.contribution)} ${signed(e.contribution)}: ${humanName(e.feature)}`))),
    showCorroboration ? el("h4", {}, "Corroboration") : null,
    showCorroboration ? (result.corroboration?.story ? corroborationText(result.corroboration)
      : el("p", { class: "fine" }, "Not part of a story with other versions.")) : null,
  );
}

// Versions ranked by score, highest first; an unscored version goes last with its reason.
export function renderComparison(items, table) {
  const scoreOf = (item) => (item.result.error ? -1 : item.result.score);
  const ranked = [...items].map((item) => ({ ...item, table })).sort((a, b) => scoreOf(b) - scoreOf(a));
  const showCorroboration = items.some((item) => item.result.corroboration);
  return el("ol", { class: "versions", "data-testid": "compare-results" },
    ranked.map((item, i) => versionCard(item, i + 1, showCorroboration)));
}
