"""Results for their readers: the readable explanation `scorer score` prints, and evidence offsets re-counted in
UTF-16 code units for JavaScript clients (the API's `"offsets": "utf16"`)."""

from __future__ import annotations

import textwrap
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

# Reasons shown in the readable output; --json always has every signal.
DEFAULT_TOP = 5
# Evidence snippets shown per reason in the readable output.
EVIDENCE_SHOWN = 3
# Wording terms shown for the wording family in the readable output.
TERMS_SHOWN = 5
# Characters of one evidence snippet before it is cut with an ellipsis.
SNIPPET_CHARS = 80
_WEIGHT_NOTES = {"learned": "", "prior": " [prior weight]", "none": " [weight 0]"}


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _evidence_lines(evidence: list[dict[str, Any]], indent: str) -> list[str]:
    lines = [
        f"{indent}· {span['label']}: \"{_snippet(span['text'])}\" ({span['field']} {span['start']}–{span['end']})"
        for span in evidence[:EVIDENCE_SHOWN]
    ]
    if len(evidence) > EVIDENCE_SHOWN:
        lines.append(f"{indent}· … and {len(evidence) - EVIDENCE_SHOWN} more")
    return lines


def _explanation_lines(explanation: dict[str, Any]) -> list[str]:
    direction = "raises" if explanation["contribution"] > 0 else "lowers"
    notes = _WEIGHT_NOTES[explanation["weight_kind"]] + (" [clipped]" if explanation["clipped"] else "")
    lines = [
        f"  {explanation['contribution']:+.3f}  {explanation['feature']} = {explanation['value']:.3g}"
        f"  ({direction} the score){notes}",
        *textwrap.wrap(explanation["description"], 100, initial_indent=" " * 9, subsequent_indent=" " * 9),
    ]
    if "terms" in explanation:
        shown = explanation["terms"][:TERMS_SHOWN]
        for term in shown:
            lines.append(f"         {term['contribution']:+.3f}  \"{term['term']}\" × {term['value']:.3g}")
            lines.extend(_evidence_lines(term["evidence"], " " * 15))
        others = len(explanation["terms"]) - len(shown) + explanation["unlisted_terms"]["count"]
        if others:
            rest = explanation["contribution"] - sum(term["contribution"] for term in shown)
            lines.append(f"         {rest:+.3f}  {others} other terms together")
        return lines
    return lines + _evidence_lines(explanation["evidence"], " " * 9)


def format_result(result: dict, top: int = DEFAULT_TOP) -> str:
    """A readable explanation: score and band, then the reasons that moved it most, with their evidence."""
    lines = [
        f"score {result['score']:.2f}  band {result['band']}  (model {result['model_version']}, id {result['id']})",
        f"logit {result['logit']:+.3f} = intercept {result['intercept']:+.3f} + the contributions below",
        "",
        "top reasons (logit contribution, signal = value):",
    ]
    for explanation in result["explanations"][:top]:
        lines.extend(_explanation_lines(explanation))
    rest = len(result["explanations"]) - top
    if rest > 0:
        lines.append(f"  ({rest} more signals with smaller contributions; --json lists all)")
    if result["warnings"]:
        lines += ["", "warnings:", *(f"  - {w}" for w in result["warnings"])]
    return "\n".join(lines)


def utf16_counter(text: str) -> Callable[[int], int]:
    """Code-point offset in `text` -> UTF-16 code-unit offset: each character beyond U+FFFF before the offset
    (an emoji, say) takes two code units instead of one."""
    astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
    return lambda offset: offset + bisect_left(astral, offset)


def with_utf16_offsets(result: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """A copy of `result` whose evidence offsets count UTF-16 code units of `texts` (field name -> string)."""
    counters = {field: utf16_counter(text) for field, text in texts.items()}

    def recount(span: dict[str, Any]) -> dict[str, Any]:
        count = counters[span["field"]]
        return {**span, "start": count(span["start"]), "end": count(span["end"])}

    explanations = []
    for entry in result["explanations"]:
        entry = {**entry, "evidence": [recount(span) for span in entry["evidence"]]}
        if "terms" in entry:
            entry["terms"] = [{**term, "evidence": [recount(span) for span in term["evidence"]]}
                              for term in entry["terms"]]
        explanations.append(entry)
    out = {**result, "explanations": explanations}
    if result.get("corroboration"):  # batch results with "corroborate": true: the claims are spans too
        out["corroboration"] = {**result["corroboration"],
                                "claims": [recount(claim) for claim in result["corroboration"]["claims"]]}
    return out
