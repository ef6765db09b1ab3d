"""The human-readable model card, written beside every saved model from its metadata."""

from __future__ import annotations

import inspect
import re

from scorer.signals import catalog

_SIGNAL_START = re.compile(r'Signal\(\s*"(?P<name>[a-z0-9_]+)"')


def prior_justifications() -> dict[str, str]:
    """The comment lines written just above each Signal(...) entry in catalog.py, keyed by signal name."""
    lines = inspect.getsource(catalog).splitlines()
    out: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = _SIGNAL_START.search(line)
        if not match:
            continue
        comments = []
        j = i - 1
        while j >= 0 and lines[j].strip().startswith("#") and not lines[j].strip().startswith("# ---"):
            comments.insert(0, lines[j].strip().lstrip("#").strip())
            j -= 1
        if comments:
            out[match.group("name")] = " ".join(comments)
    return out


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return "n/a" if value != value else f"{value:.{digits}f}"
    return str(value)


def _weights_table(signals: list[dict]) -> list[str]:
    rows = [
        "| signal | family | unit | weight | logit per unit | coefficient (per s.d.) | fires in credible / not |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in sorted(signals, key=lambda s: (s["weight_kind"] != "learned", -abs(s["coefficient"]))):
        rows.append(
            f"| `{s['name']}` | {s['family']} | {s['unit']} | {s['weight_kind']} | {_fmt(s['logit_per_unit'])} | "
            f"{_fmt(s['coefficient'])} | {s['support']['credible']} / {s['support']['not_credible']} |"
        )
    return rows


def _prior_section(signals: list[dict], min_support: int) -> list[str]:
    justifications = prior_justifications()
    unsupported = [s for s in signals if s["weight_kind"] != "learned"]
    lines = [
        "## Signals without a learned weight",
        "",
        f"A weight is learned only for a signal that is non-zero in at least {min_support} training articles of "
        "each class. The training corpora are extracted article bodies: page boilerplate (comment forms, "
        "'send your submission', share bars) does not occur in them, so those signals cannot be estimated. Each "
        "uses the prior weight this project set in `scorer/signals/catalog.py` (logit change per unit of the raw "
        "value, marked `weight: prior` in every explanation). A signal with neither support nor a prior gets "
        "weight 0 and says so in its explanation. Retraining on data where they fire learns their weights. "
        "A signal whose fitted weight came out against its documented direction (`direction` in catalog.py, or "
        "the prior's sign) is not learned either: it uses its prior, or weight 0 without one, and the other "
        "weights are refitted. Such a weight is the corpora's confounding or a correction for a correlated signal "
        "(more named sources lowering the score once every reporting cue is counted), and an editor could not read "
        "it as a reason.",
        "",
    ]
    if not unsupported:
        return [*lines, "Every signal had enough support in this training data.", ""]
    lines += [
        "| signal | prior weight | fires in credible / not | why not learned | why this prior |",
        "|---|---|---|---|---|",
    ]
    for s in unsupported:
        prior = s["prior_weight"]
        why = justifications.get(s["name"], "") if prior is not None else "no prior set: weight 0"
        lines.append(
            f"| `{s['name']}` | {_fmt(prior)} | {s['support']['credible']} / {s['support']['not_credible']} | "
            f"{s.get('prior_reason') or 'too few training articles'} | {why or 'see catalog.py'} |"
        )
    return [*lines, ""]


def model_card(metadata: dict) -> str:
    data = metadata["training_data"]
    metrics = metadata["metrics"].get("cross_validated", {})
    bands = metadata["bands"]
    lines = [
        f"# Model card — {metadata['version']}",
        "",
        "**What it does.** Gives the probability that a news article is credible (0–1), from hand-built signals "
        "(attribution, hedging, figures, boilerplate, text integrity, style) combined by a logistic regression on "
        "standardised signal values. Every score is the sigmoid of an intercept plus one exact contribution per "
        "signal, so each explanation shows how much each signal moved the score.",
        "",
        "**What it is not.** A fact check. It judges how an article is written and sourced, not whether its claims "
        "are true; a careful liar scores well and a sloppy honest blog scores badly.",
        "",
        "## Training",
        "",
        f"- Data: {data['description']} — {data['rows']} articles ({data['credible']} credible, "
        f"{data['not_credible']} not), {data['groups']} publishers/groups; sha256 `{data['sha256'][:16]}…`.",
        f"- Signal set `{metadata['signal_set_version']}`, scikit-learn {metadata['sklearn_version']}, "
        f"trained {metadata['created']}, seed {metadata['seed']}.",
        f"- Pipeline: SignalVectorizer → StandardScaler → LogisticRegression (L2, C = {metadata['regularisation_c']}).",
        f"- Calibration: Platt scaling on out-of-fold logits ({data['folds']}), folded into the weights "
        f"(a = {metadata['calibration']['a']:.3f}, b = {metadata['calibration']['b']:.3f}); "
        f"intercept {metadata['intercept']:.3f}.",
        "",
        "## Bands",
        "",
        f"- `high`: score ≥ {bands['high']}; `medium`: {bands['low']} ≤ score < {bands['high']}; "
        f"`low`: score < {bands['low']}.",
        "",
        f"## Cross-validated quality ({data['folds']}, whole procedure re-run per fold)",
        "",
        f"ROC-AUC {_fmt(metrics.get('roc_auc'))}, F1 {_fmt(metrics.get('f1'))}, Brier {_fmt(metrics.get('brier'))}, "
        f"ECE {_fmt(metrics.get('ece'))} (n = {metrics.get('n', '—')}). The full evaluation — leave-one-corpus-out, "
        "the TF-IDF baseline, random splits and the artefacts that flatter these numbers — is in "
        "`docs/evaluation.md`.",
        "",
        "## Weights",
        "",
        "`logit per unit` is the change in logit per unit of the raw signal value; `coefficient` per standard "
        "deviation of the training data (comparable across signals).",
        "",
        *_weights_table(metadata["signals"]),
        "",
        *_prior_section(metadata["signals"], metadata["min_support"]),
        "## Known limits",
        "",
        "- The training labels are tied to publishers (Webis: all 'mostly false' articles come from hyperpartisan "
        "pages; horne2017 labels whole source lists), so part of what is learned is publisher style.",
        "- 2016–2017 US political news in English only; other topics, languages and eras are out of distribution.",
        "- Length differs between classes in the corpora; `log_word_count`-like signals partly measure that gap.",
        "",
    ]
    return "\n".join(lines)
