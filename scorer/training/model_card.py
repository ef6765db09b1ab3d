"""The human-readable model card, written beside every saved model from its model.json."""

from __future__ import annotations

from scorer.training import dataset, train

# How many of the strongest terms in each direction the card lists.
CARD_TERMS = 15


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return "n/a" if value != value else f"{value:.{digits}f}"
    return str(value)


def hygiene_rules(model: dict) -> list[str]:
    """The wording hygiene rules, with how many terms each removed (text-level ones from `make features`)."""
    recipe = model["training"].get("recipe", {})
    removed = (model.get("wording") or {}).get("removed_by_hygiene", {})
    lines = [
        "Rules applied before a word or phrase may be learned (counts: terms removed when this model was trained):",
        "",
        f"1. **No names.** A word written Capitalised in at least {dataset.NAME_CAPITALISED_SHARE:.0%} of its "
        "mid-sentence uses, or in capitals in that share of all uses, is a name or an acronym (people, publishers, "
        "agencies, places, parties: 'Reuters', 'Sputnik', 'AP', a hoax site's invented quote source); no term may "
        "contain one. Names identify a publisher or a story, not a way of writing. Weekdays are "
        "capitalised by convention and are not names (dating an event to its day is a way of writing); months stay "
        "out, like years, because they date when a corpus was collected.",
        "2. **No page furniture.** Widget text (share/subscribe/sign-up), photo and agency credits, cookie and "
        "privacy text, fixed disclaimers and link parts are never terms (`scorer/training/term_stoplist.txt`); the "
        "label-leaking boilerplate named in the corpora's PROVENANCE files is also cut from the texts before "
        "anything is counted (`scorer/training/dataset.py`, ARTEFACT_PATTERNS and WIDGET_LINE).",
        f"3. **Not concentrated in one publisher or corpus.** A term must occur in at least "
        f"{recipe.get('min_term_groups', train.MIN_TERM_GROUPS)} publishers; no publisher may hold more than "
        f"{recipe.get('max_group_share', train.MAX_GROUP_SHARE):.0%} of the articles it occurs in, and no corpus "
        f"more than {recipe.get('max_corpus_share', train.MAX_CORPUS_SHARE):.0%}.",
        f"4. **Seen enough, and about something.** At least {train.MIN_TERM_DOCS} training articles; numbers are "
        "never terms, and neither is a term made only of function words ('to a', 'this').",
        "5. **Balanced.** Each (corpus, class) cell carries the same total weight in the fit, so a term that only "
        "says which corpus an article came from gains nothing.",
        "6. **Many small weights, not a few large ones.** Every term that passes these rules gets a weight, held "
        "small by L2 regularisation (a rarer term is penalised less, as TF-IDF weighting would have it), so no "
        "single word can swing a score; selecting a few hundred terms with L1 "
        "transferred worse to held-out corpora (docs/evaluation.md, recipe variants). An explanation lists the 20 "
        "strongest terms present and sums the rest into one line.",
        "",
    ]
    if removed:
        lines += ["| concentration rule (at training time) | terms removed |", "|---|---|"]
        lines += [f"| {reason} | {count} |" for reason, count in removed.items()]
        lines.append("")
    return lines


def _terms_section(model: dict) -> list[str]:
    block = model.get("wording")
    if not block:
        return ["## Wording", "", "This model has no wording family.", ""]
    pairs = sorted(zip(block["terms"], block["coefficients"], strict=True), key=lambda p: p[1])
    lowering, raising = pairs[:CARD_TERMS], pairs[::-1][:CARD_TERMS]
    lines = [
        "## Wording",
        "",
        f"{len(block['terms'])} words and two-word phrases carry a weight; each occurrence is an evidence span and "
        f"a term's value is `{block['value']}`. The strongest in each direction (logit per unit of value):",
        "",
        "| raises the score | coefficient | lowers the score | coefficient |",
        "|---|---|---|---|",
    ]
    for (up, up_c), (down, down_c) in zip(raising, lowering, strict=False):
        lines.append(f"| {up} | {up_c:+.3f} | {down} | {down_c:+.3f} |")
    lines += ["", *hygiene_rules(model)]
    return lines


def _weights_table(signals: list[dict]) -> list[str]:
    rows = [
        "| signal | family | unit | weight | coefficient | reference | scale | clip | fires in credible / not |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in sorted(signals, key=lambda s: (s["weight_kind"] != "learned", -abs(s["coefficient"]))):
        rows.append(
            f"| `{s['name']}` | {s['family']} | {s['unit']} | {s['weight_kind']} | {_fmt(s['coefficient'])} | "
            f"{_fmt(s['reference'])} | {_fmt(s['scale'])} | [{_fmt(s['clip'][0])}, {_fmt(s['clip'][1])}] | "
            f"{s['support']['credible']} / {s['support']['not_credible']} |"
        )
    return rows


def _not_learned_section(signals: list[dict]) -> list[str]:
    others = [s for s in signals if s["weight_kind"] != "learned"]
    lines = [
        "## Signals without a learned weight",
        "",
        "A signal is learned only when it fires in enough training articles of each class, its direction holds in "
        "every training corpus with both labels (the transfer rule), and its fitted weight points the way the "
        "signal is documented to. Otherwise it keeps the prior weight set in `scorer/signals/catalog.py` (logit per "
        "unit of the raw value, reference 0, marked `prior` in every explanation) or weight 0.",
        "",
    ]
    if not others:
        return [*lines, "Every signal has a learned weight.", ""]
    lines += ["| signal | weight | coefficient | why not learned | why this prior |", "|---|---|---|---|---|"]
    for s in others:
        why_prior = s.get("prior_reason") or ("see the comment at its entry in catalog.py" if s["weight_kind"] ==
                                              "prior" else "no prior: weight 0")  # fmt: skip
        lines.append(f"| `{s['name']}` | {s['weight_kind']} | {_fmt(s['coefficient'])} | {s['reason']} | "
                     f"{why_prior} |")  # fmt: skip
    return [*lines, ""]


def _metrics_section(model: dict) -> list[str]:
    metrics = model.get("metrics", {})
    rows = [
        f"## Quality ({metrics.get('folds', 'grouped cross-validation')})",
        "",
        "Whole procedure re-run in every fold; never the training fit. `docs/evaluation.md` has leave-one-corpus-out, "
        "the within-corpus table and the TF-IDF baseline beside every number.",
        "",
        "| predictions | articles | ROC-AUC | Brier | ECE | F1 |",
        "|---|---|---|---|---|---|",
    ]
    labels = {
        "grouped_cv": "text only, all articles",
        "rated_publishers_text_only": "text only, articles from rated publishers (article-level labels)",
        "rated_publishers_with_reputation": "with the publisher's rating, same articles",
    }
    for key, label in labels.items():
        m = metrics.get(key)
        if m:
            rows.append(f"| {label} | {m.get('n')} | {_fmt(m.get('roc_auc'))} | {_fmt(m.get('brier'))} | "
                        f"{_fmt(m.get('ece'))} | {_fmt(m.get('f1'))} |")  # fmt: skip
    baseline = metrics.get("tfidf_baseline")
    if baseline:
        rows.append(f"| TF-IDF + logistic regression baseline, same folds | {baseline.get('n')} | "
                    f"{_fmt(baseline.get('roc_auc'))} | {_fmt(baseline.get('brier'))} | {_fmt(baseline.get('ece'))} "
                    f"| {_fmt(baseline.get('f1'))} |")  # fmt: skip
    return [*rows, ""]


def _reputation_section(model: dict) -> list[str]:
    block = model.get("reputation")
    if not block:
        return ["## Publisher reputation", "", "Not part of this model.", ""]
    c = block["coefficients"]
    return [
        "## Publisher reputation",
        "",
        f"When the caller gives a `url` or `source` whose domain is in the table `{block['table']}`, one entry adds "
        f"high {c['high']:+.3f}, mixed {c['mixed']:+.3f}, low {c['low']:+.3f} logits; an unknown domain adds 0. "
        f"How the weights were set: {block['how_set']}. A newsroom can replace the table with its own list "
        "(`SCORER_REPUTATION_PATH`).",
        "",
    ]


def model_card(model: dict) -> str:
    data = model["training"]
    bands = model["bands"]
    calibration = data.get("calibration", {})
    per_corpus = ", ".join(f"{name} {c['credible']}/{c['not_credible']}" for name, c in data["per_corpus"].items())
    lines = [
        f"# Model card — {model['version']}",
        "",
        "**What it does.** Gives the probability that a news article is credible (0–1) from hand-built signals "
        "(attribution, hedging, figures, boilerplate, text integrity, style), the wording family (words and "
        "two-word phrases) and, when the caller gives a URL or source, the publisher's rating. One logistic "
        "model: the logit is the intercept plus one exact contribution per signal, per term and for the "
        "publisher, each measured from a documented reference value (0 for a cue that did not fire).",
        "",
        "**What it is not.** A fact check. It judges how an article is written and sourced, not whether its claims "
        "are true; a careful liar scores well and a sloppy honest blog scores badly.",
        "",
        "## Training",
        "",
        f"- Data: {data['description']}: {data['rows']} articles ({data['credible']} credible, "
        f"{data['not_credible']} not), {data['groups']} publisher groups; per corpus (credible/not): {per_corpus}; "
        f"digest `{data['digest'][:16]}…`.",
        f"- Signal set `{model['signal_set_version']}`; scikit-learn {model['trained_with']['scikit_learn']}, "
        f"Python {model['trained_with']['python']}; recipe {data.get('recipe')}.",
        f"- One {data.get('recipe', {}).get('penalty', 'l1').upper()}-regularised logistic regression (liblinear, "
        f"C = {data.get('recipe', {}).get('c')}) over the "
        "scaled signals and the term values, each (corpus, class) cell weighted equally; Platt calibration "
        f"(a = {_fmt(calibration.get('a'))}, b = {_fmt(calibration.get('b'))}) on grouped out-of-fold logits, "
        f"folded into the coefficients; intercept {model['intercept']:.3f}.",
        "",
        "## Bands",
        "",
        f"- `high`: score ≥ {bands['high']}; `medium`: {bands['low']} ≤ score < {bands['high']}; "
        f"`low`: score < {bands['low']}; `uncertain` when the article is not English or too short to judge.",
        "",
        *_metrics_section(model),
        "## Signals",
        "",
        "`coefficient` is the logit change per `scale` of (value − reference); values are clipped to `clip` (the "
        "range seen in training) first.",
        "",
        *_weights_table(model["signals"]),
        "",
        *_not_learned_section(model["signals"]),
        *_terms_section(model),
        *_reputation_section(model),
        "## Known limits",
        "",
        "- Labels are tied to publishers in several corpora (Webis: every 'mostly false' article is from a "
        "hyperpartisan page; horne2017 and ReCOVery label whole sources), so part of what any model learns is "
        "publisher style; grouped folds and the hygiene rules limit, not remove, that.",
        "- English news, mostly US politics 2016–2017 and COVID-19 in 2020; other topics, languages and eras are "
        "out of distribution.",
        "",
    ]
    return "\n".join(lines)
