// Wires the page: the forms, the calls to /v1/score and /v1/score/batch, marking, the tooltip and keyboard moves.
import { calibrationTable } from "./result.js";
import {
  describeSpan, el, renderComparison, renderField, renderLegend, renderMissing, renderReasons, renderScore,
  renderWarnings, spansOf,
} from "./render.js";

const $ = (id) => document.getElementById(id);
const MAX_VERSIONS = 5;
const MIN_VERSIONS = 2;
const FIELD_NAMES = { title: "Headline", text: "Body", page_text: "The whole page (for the boilerplate signals)" };

const state = {
  capabilities: { utf16: false, batchUtf16: false, corroborate: false },
  calibration: undefined, // undefined: not asked yet; null: the model has no table
  spans: [],
  samples: null,
};

// --- talking to the API ---

function headers() {
  const key = $("api-key").value.trim();
  return { "Content-Type": "application/json", Accept: "application/json", ...(key ? { "X-API-Key": key } : {}) };
}

async function callApi(path, body) {
  const response = await fetch(path, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = data?.detail || response.statusText || "no detail";
    throw new Error(`${data?.title || `HTTP ${response.status}`}: ${detail}`);
  }
  return data;
}

// What this server accepts beyond today's fields: UTF-16 offsets and corroboration, read from its OpenAPI document.
async function readCapabilities() {
  try {
    const spec = await (await fetch("/openapi.json")).json();
    const schemas = spec.components?.schemas || {};
    const has = (model, field) => Boolean(schemas[model]?.properties?.[field]);
    state.capabilities = {
      utf16: has("ScoreRequest", "offsets") || has("ArticleIn", "offsets"),
      batchUtf16: has("BatchRequest", "offsets") || has("BatchEnvelope", "offsets"),
      corroborate: has("BatchRequest", "corroborate") || has("BatchEnvelope", "corroborate"),
    };
  } catch {
    state.capabilities = { utf16: false, batchUtf16: false, corroborate: false };
  }
}

async function readCalibration() {
  if (state.calibration !== undefined) return state.calibration;
  try {
    const response = await fetch("/v1/model", { headers: headers() });
    if (!response.ok) return null; // e.g. no API key yet: ask again next time
    state.calibration = calibrationTable(await response.json());
  } catch {
    return null;
  }
  return state.calibration;
}

function withOffsets(article) {
  return state.capabilities.utf16 ? { ...article, offsets: "utf16" } : article;
}

// --- the article form ---

function mode() {
  return document.querySelector("input[name=mode]:checked").value;
}

function showMode() {
  const html = mode() === "html";
  $("html-input").hidden = !html;
  $("text-input").hidden = html;
}

function articleFromForm() {
  const article = {};
  const title = $("article-title").value;
  if (title.trim()) article.title = title;
  if (mode() === "html") article.html = $("article-html").value;
  else article.text = $("article-text").value;
  for (const field of ["url", "source"]) {
    const value = $(`article-${field}`).value.trim();
    if (value) article[field] = value;
  }
  return article;
}

// aria-busy while a call is out; data-state says how it ended (tests and styles read it).
function setBusy(region, busy, outcome) {
  region.setAttribute("aria-busy", String(busy));
  if (outcome) region.dataset.state = outcome;
}

function showError(box, message) {
  box.hidden = !message;
  box.textContent = message || "";
}

async function scoreArticle(event) {
  event?.preventDefault();
  const article = articleFromForm();
  if (!(article.text || article.html || "").trim()) {
    showError($("error"), "Paste the article's text (or its HTML) first.");
    (mode() === "html" ? $("article-html") : $("article-text")).focus();
    return;
  }
  showError($("error"), "");
  $("status").textContent = "Scoring\u2026";
  $("score-button").disabled = true;
  setBusy($("results"), true);
  try {
    const [result, table] = await Promise.all([callApi("/v1/score", withOffsets(article)), readCalibration()]);
    showResult(result, article, table);
    $("status").textContent = `Scored: ${result.score.toFixed(2)}, band ${result.band}.`;
    setBusy($("results"), false, "scored");
  } catch (error) {
    $("status").textContent = "";
    showError($("error"), `Could not score: ${error.message}`);
    setBusy($("results"), false, "failed");
  } finally {
    $("score-button").disabled = false;
  }
}

// --- showing one result ---

// The text each field's offsets index: what was sent, or for a page what the API says it extracted.
function fieldTexts(result, article) {
  return {
    title: result.title ?? article.title ?? "",
    text: result.text ?? article.text ?? "",
    page_text: result.page_text ?? "",
  };
}

function showResult(result, article, table) {
  state.spans = spansOf(result, state.capabilities.utf16);
  $("score").replaceChildren(renderScore(result, table));
  $("warnings").replaceChildren(renderWarnings(result));
  const passagesOf = (feature) => state.spans.filter((s) => s.feature === feature).length;
  $("reasons").replaceChildren(...renderReasons(result, passagesOf));
  showText(fieldTexts(result, article));
}

function showText(texts) {
  const blocks = [];
  const missing = [];
  for (const [field, text] of Object.entries(texts)) {
    if (!text) {
      missing.push(...state.spans.filter((s) => s.field === field));
      continue;
    }
    const rendered = renderField(text, field, state.spans);
    missing.push(...rendered.missing);
    blocks.push(el("div", { class: "field" }, el("h3", {}, FIELD_NAMES[field] || field), rendered.body));
  }
  $("article-view").replaceChildren(...blocks, renderMissing(missing) || "");
  const families = [...new Set(state.spans.map((s) => s.family))];
  $("legend").replaceChildren(families.length ? renderLegend(families) : "");
  const first = $("article-view").querySelector("mark");
  if (first) first.tabIndex = 0;
}

// --- marking a reason's passages ---

function keysFor(button) {
  const term = button.dataset.term;
  return state.spans
    .filter((s) => s.feature === button.dataset.feature && (term === undefined || s.term === term))
    .map((s) => s.key);
}

function markedNodes(keys) {
  const wanted = new Set(keys);
  return [...$("article-view").querySelectorAll("mark")]
    .filter((mark) => mark.dataset.spans.split(" ").some((key) => wanted.has(key)));
}

function markPassages(button) {
  document.querySelectorAll("[aria-pressed=true]").forEach((b) => b.setAttribute("aria-pressed", "false"));
  document.querySelectorAll("mark.is-marked").forEach((m) => m.classList.remove("is-marked"));
  button.setAttribute("aria-pressed", "true");
  const marks = markedNodes(keysFor(button));
  marks.forEach((mark) => mark.classList.add("is-marked"));
  const name = button.dataset.term ? `\u201C${button.dataset.term}\u201D` : button.dataset.feature.replace(/_/g, " ");
  if (marks.length) {
    marks[0].scrollIntoView({ block: "center", behavior: "instant" });
    $("status").textContent = `${name}: ${marks.length} highlighted piece(s) marked in the text.`;
  } else {
    $("status").textContent = `${name}: no passage in the text to mark.`;
  }
}

// --- the tooltip and moving through highlights ---

function showTooltip(mark) {
  const keys = new Set(mark.dataset.spans.split(" "));
  const lines = state.spans.filter((s) => keys.has(s.key)).map(describeSpan);
  const tip = $("tooltip");
  tip.replaceChildren(...lines.map((line) => el("p", {}, line)));
  tip.hidden = false;
  const box = mark.getBoundingClientRect();
  const width = Math.min(360, document.documentElement.clientWidth - 16);
  tip.style.maxWidth = `${width}px`;
  tip.style.left = `${Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8)) + scrollX}px`;
  tip.style.top = `${box.bottom + scrollY + 6}px`;
  mark.setAttribute("aria-describedby", "tooltip");
}

function hideTooltip(mark) {
  $("tooltip").hidden = true;
  mark?.removeAttribute("aria-describedby");
}

function moveFocus(current, step) {
  const marks = [...$("article-view").querySelectorAll("mark")];
  const index = marks.indexOf(current);
  const next = step === "first" ? marks[0] : step === "last" ? marks.at(-1) : marks[index + step];
  if (!next) return;
  current.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

function reasonButtonFor(mark) {
  const feature = mark.dataset.feature.split(" ")[0];
  return document.querySelector(`.signal-bar[data-feature="${CSS.escape(feature)}"]`);
}

const KEY_STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: "first", End: "last" };

function onTextKey(event) {
  const mark = event.target.closest("mark");
  if (!mark) return;
  if (event.key in KEY_STEPS) {
    event.preventDefault();
    moveFocus(mark, KEY_STEPS[event.key]);
  } else if (event.key === "Escape") {
    hideTooltip(mark);
  } else if (event.key === "Enter") {
    const button = reasonButtonFor(mark);
    if (button) {
      event.preventDefault();
      button.focus();
      markPassages(button);
    }
  }
}

function wireText() {
  const view = $("article-view");
  view.addEventListener("keydown", onTextKey);
  view.addEventListener("focusin", (e) => e.target.matches("mark") && showTooltip(e.target));
  view.addEventListener("focusout", (e) => e.target.matches("mark") && hideTooltip(e.target));
  view.addEventListener("mouseover", (e) => e.target.matches("mark") && showTooltip(e.target));
  view.addEventListener("mouseout", (e) => e.target.matches("mark") && hideTooltip(e.target));
  view.addEventListener("click", (e) => {
    const mark = e.target.closest("mark");
    if (mark) {
      view.querySelectorAll("mark[tabindex='0']").forEach((m) => { m.tabIndex = -1; });
      mark.tabIndex = 0;
      mark.focus();
    }
  });
  $("reasons").addEventListener("click", (e) => {
    const button = e.target.closest("button[data-feature]");
    if (button) markPassages(button);
  });
}

// --- samples ---

async function loadSamples() {
  try {
    state.samples = await (await fetch("/editor/samples.json")).json();
  } catch {
    state.samples = { articles: [], versions: [] };
  }
  $("sample-buttons").replaceChildren(...state.samples.articles.map((sample, i) => el("button", {
    type: "button", class: "sample", "data-sample": i, "data-testid": "sample-button",
  }, sample.name)));
}

function fillForm(article) {
  const html = article.html !== undefined;
  document.querySelector(`input[name=mode][value=${html ? "html" : "text"}]`).checked = true;
  showMode();
  $("article-title").value = article.title || "";
  $("article-text").value = html ? "" : article.text;
  $("article-html").value = html ? article.html : "";
  $("article-url").value = article.url || "";
  $("article-source").value = article.source || "";
}

function onSample(event) {
  const button = event.target.closest("button[data-sample]");
  if (!button) return;
  fillForm(state.samples.articles[Number(button.dataset.sample)].article);
  scoreArticle();
}

// --- comparing versions ---

function versionInputs(n, version = {}) {
  const id = (field) => `version-${n}-${field}`;
  const field = (name, label, control) => el("div", { class: `vfield vfield-${name}` },
    el("label", { for: id(name) }, label), control);
  return el("li", { class: "version-input", "data-version": n },
    el("fieldset", {}, el("legend", {}, `Version ${n}`),
      field("label", "Name", el("input", { id: id("label"), type: "text", value: version.label || `Version ${n}` })),
      field("source", "Source (optional)", el("input", { id: id("source"), type: "text", value: version.source })),
      field("title", "Title", el("input", { id: id("title"), type: "text", value: version.title })),
      field("text", "Text", el("textarea", { id: id("text"), rows: "6", "data-testid": "version-text" },
        version.text || "")),
      el("button", { type: "button", class: "remove-version", "data-remove": n,
        "aria-label": `Remove version ${n}` }, "Remove")));
}

function setVersions(versions) {
  $("version-list").replaceChildren(...versions.map((v, i) => versionInputs(i + 1, v)));
  updateVersionButtons();
}

function readVersions() {
  return [...$("version-list").children].map((item) => {
    const value = (field) => item.querySelector(`[id$="-${field}"]`).value;
    return { label: value("label").trim() || `Version ${item.dataset.version}`, title: value("title"),
      text: value("text"), source: value("source").trim() };
  });
}

function updateVersionButtons() {
  const count = $("version-list").children.length;
  $("add-version").disabled = count >= MAX_VERSIONS;
  document.querySelectorAll(".remove-version").forEach((b) => { b.disabled = count <= MIN_VERSIONS; });
}

// The batch envelope; offsets are asked for once on the envelope, or per article where only articles take them.
function batchBody(versions) {
  const { batchUtf16, corroborate } = state.capabilities;
  const articles = versions.map((v, i) => {
    const article = { id: `v${i + 1}`, text: v.text, ...(v.title.trim() ? { title: v.title } : {}),
      ...(v.source ? { source: v.source } : {}) };
    return batchUtf16 ? article : withOffsets(article);
  });
  return { articles, ...(batchUtf16 ? { offsets: "utf16" } : {}), ...(corroborate ? { corroborate: true } : {}) };
}

async function compareVersions(event) {
  event?.preventDefault();
  const versions = readVersions().filter((v) => v.text.trim()); // an empty box is not a version
  if (versions.length < MIN_VERSIONS) {
    showError($("compare-error"), "Paste the text of at least two versions.");
    return;
  }
  showError($("compare-error"), "");
  $("compare-status").textContent = "Scoring the versions\u2026";
  setBusy($("comparison"), true);
  try {
    const [body, table] = await Promise.all([callApi("/v1/score/batch", batchBody(versions)), readCalibration()]);
    const items = body.results.map((result, i) => ({ label: versions[i].label, result }));
    $("comparison").replaceChildren(renderComparison(items, table));
    $("compare-status").textContent = `Ranked ${items.length} versions.`;
    setBusy($("comparison"), false, "scored");
  } catch (error) {
    $("compare-status").textContent = "";
    showError($("compare-error"), `Could not compare: ${error.message}`);
    setBusy($("comparison"), false, "failed");
  }
}

function wireCompare() {
  setVersions([{}, {}]);
  $("add-version").addEventListener("click", () => {
    setVersions([...readVersions(), {}]);
    $("version-list").lastElementChild.querySelector("textarea").focus();
  });
  $("version-list").addEventListener("click", (e) => {
    const n = e.target.closest("button[data-remove]")?.dataset.remove;
    if (n) setVersions(readVersions().filter((_, i) => i + 1 !== Number(n)));
  });
  $("compare-sample").addEventListener("click", () => setVersions(state.samples?.versions || []));
  $("compare-form").addEventListener("submit", compareVersions);
}

// --- start ---

function start() {
  $("article-form").addEventListener("submit", scoreArticle);
  $("article-form").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) scoreArticle(e);
  });
  document.querySelectorAll("input[name=mode]").forEach((r) => r.addEventListener("change", showMode));
  $("sample-buttons").addEventListener("click", onSample);
  wireText();
  wireCompare();
  const keyStore = window.sessionStorage;
  $("api-key").value = keyStore.getItem("scorer-api-key") || "";
  $("api-key").addEventListener("change", () => keyStore.setItem("scorer-api-key", $("api-key").value));
  Promise.all([readCapabilities(), loadSamples()]).then(() => { document.body.dataset.ready = "true"; });
}

start();
