"""corroborate(articles) and corroborate_results(articles, results): see the package docstring."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scorer.article import Article
from scorer.corroboration.claims import Claim, carried, claims_of, is_carried
from scorer.corroboration.explain import with_corroboration
from scorer.corroboration.stories import group_stories, source_key, story_id

LONE: dict[str, Any] = {"story": None, "versions": 1, "claims": []}


def corroborate(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """The `corroboration` object of each article, in order, comparing each with the others of `articles`."""
    out = [{**LONE, "claims": []} for _ in articles]
    sources = [source_key(article, i) for i, article in enumerate(articles)]
    for members in group_stories(articles):
        claims = {i: claims_of(articles[i]) for i in members}
        lookups = {i: carried(claims[i]) for i in members}
        story = story_id([articles[i].id or str(i) for i in members])
        for i in members:
            others = [j for j in members if j != i and sources[j] != sources[i]]
            out[i] = {
                "story": story,
                "versions": len(members),
                "claims": [_claim_dict(articles[i], claim, [articles[j].id for j in others
                                                            if is_carried(claim, lookups[j])])
                           for claim in claims[i]],
            }
    return out


def _claim_dict(article: Article, claim: Claim, confirmed_by: list[str]) -> dict[str, Any]:
    return {
        "kind": claim.kind,
        "text": article.text[claim.start : claim.end],
        "start": claim.start,
        "end": claim.end,
        "field": "text",
        "status": "corroborated" if confirmed_by else "uncorroborated",
        "corroborated_by": confirmed_by,
    }


def corroborate_results(articles: Sequence[Article], results: Sequence[Any],
                        bands: dict[str, float] | None = None) -> list[Any]:
    """`results` (one per article: a scored result dict, or an error object left as it is) with each dict carrying
    its article's `corroboration` object and explanation entry. Only scored articles are compared."""
    scored = [i for i, result in enumerate(results) if isinstance(result, dict)]
    objects = corroborate([articles[i] for i in scored])
    out = list(results)
    for i, corroboration in zip(scored, objects, strict=True):
        out[i] = with_corroboration(results[i], corroboration, bands)
    return out
