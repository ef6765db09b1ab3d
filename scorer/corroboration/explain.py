"""The `uncorroborated_claims` explanation entry, and the score it changes.

value = the share of the article's claims that no version of its story from another source carries (0 when it has
no claims). contribution = PRIOR_WEIGHT * value, but only when the story has at least two other versions
(versions >= 3); with one other version the entry is shown with contribution 0. An article in no story gets no entry
and its result is returned unchanged (apart from the `corroboration` object). logit = old logit + contribution
exactly; score and band follow from it.
"""

from __future__ import annotations

from typing import Any

from scorer.model import band_of, sigmoid
from scorer.signals.base import MAX_EVIDENCE

FEATURE = "uncorroborated_claims"
FAMILY = "corroboration"
# A prior, not learned: no labelled corpus holds several versions of one story. At -1.0 an article none of whose
# claims another outlet carries loses 1 logit (a score of 0.60 becomes 0.36); one with a third of its claims
# uncorroborated loses 0.33, enough to show in its top reasons without deciding its band alone.
PRIOR_WEIGHT = -1.0
# Other versions a story needs before an uncorroborated claim counts: with a single other version, a claim it
# leaves out may just have been trimmed.
MIN_OTHER_VERSIONS = 2
PRIOR_REASON = "no labelled corpus holds several versions of one story"
# Band cut points when the caller gives none (the model's defaults).
DEFAULT_BANDS = {"high": 0.7, "low": 0.4}


def uncorroborated_share(corroboration: dict[str, Any]) -> float:
    claims = corroboration["claims"]
    if not claims:
        return 0.0
    return sum(c["status"] == "uncorroborated" for c in claims) / len(claims)


def counts(corroboration: dict[str, Any]) -> bool:
    """Whether the story has enough other versions for uncorroborated claims to change the score."""
    return corroboration["versions"] - 1 >= MIN_OTHER_VERSIONS


def explanation_entry(corroboration: dict[str, Any]) -> dict[str, Any]:
    value = uncorroborated_share(corroboration)
    weighed = counts(corroboration)
    contribution = PRIOR_WEIGHT * value if weighed else 0.0
    others = corroboration["versions"] - 1
    description = (
        "Share of this article's figures, quotes and named sources that no other version of the story (from "
        f"another source) carries; {others} other version{'s' if others != 1 else ''} in this batch"
        + (f" [weight is a documented prior, not learned ({PRIOR_REASON})]" if weighed
           else f" [not weighed: needs at least {MIN_OTHER_VERSIONS} other versions]")
    )
    uncorroborated = [c for c in corroboration["claims"] if c["status"] == "uncorroborated"]
    return {
        "feature": FEATURE,
        "description": description,
        "family": FAMILY,
        "value": value,
        "contribution": contribution + 0.0,  # + 0.0 turns -0.0 into 0.0
        "weight_kind": "prior",
        "reference": 0.0,
        "clipped": False,
        "evidence": [
            {"start": c["start"], "end": c["end"], "text": c["text"], "label": f"uncorroborated {c['kind']}",
             "field": c["field"]}
            for c in uncorroborated[:MAX_EVIDENCE]
        ],
    }


def _insert_by_size(explanations: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The explanations with `entry` placed after every one at least as large (they are sorted by |contribution|)."""
    size = abs(entry["contribution"])
    at = next((k for k, e in enumerate(explanations) if abs(e["contribution"]) < size), len(explanations))
    return [*explanations[:at], entry, *explanations[at:]]


def with_corroboration(result: dict[str, Any], corroboration: dict[str, Any],
                       bands: dict[str, float] | None = None) -> dict[str, Any]:
    """A copy of a scored result carrying `corroboration`; for an article in a story also the explanation entry,
    with logit = old logit + its contribution and score and band updated. `bands`: the model's cut points."""
    out = {**result, "corroboration": corroboration}
    if corroboration["story"] is None:
        return out
    entry = explanation_entry(corroboration)
    out["explanations"] = _insert_by_size(result["explanations"], entry)
    if entry["contribution"] != 0.0:
        out["logit"] = result["logit"] + entry["contribution"]
        out["score"] = sigmoid(out["logit"])
        # a non-English or too-short article stays uncertain whatever its score
        out["band"] = band_of(out["score"], bands or DEFAULT_BANDS, uncertain=result["band"] == "uncertain")
        out["warnings"] = [*result["warnings"], f"prior_weight: {FEATURE} fired; its weight is a documented prior, "
                                                "not learned from data"]
    return out
