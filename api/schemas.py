"""The request and response schemas: pydantic models that validate requests AND generate /openapi.json.

Requests are validated strictly (no type coercion, unknown fields rejected). Response models document what the
scoring result holds; they allow extra members so a newer model can add fields without breaking clients.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(extra="forbid", strict=True)


# JSON Schema for "text or html is required" (a non-empty string in at least one of them), so that schema-driven
# clients and fuzzers know what the validator below enforces.
_TEXT_OR_HTML = {"anyOf": [
    {"required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
    {"required": ["html"], "properties": {"html": {"type": "string", "minLength": 1}}},
]}
Offsets = Literal["codepoint", "utf16"]
_OFFSETS_HELP = ("How evidence `start`/`end` count characters: `codepoint` (Unicode code points, as Python "
                 "indexes strings; the default) or `utf16` (UTF-16 code units, as JavaScript's `slice` does).")


class ArticleIn(BaseModel):
    """One article to score. `text` or `html` is required (a non-empty string); the rest is optional metadata."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_TEXT_OR_HTML)

    title: str | None = Field(None, description="Headline, if separate from the text.")
    text: str | None = Field(None, description="Article body as plain text; `text` or `html` is required. "
                                               "Evidence offsets index into it.")
    html: str | None = Field(None, description="Whole HTML page; `text` or `html` is required (`text` wins when "
                                               "both are sent). The main text is extracted and returned as the "
                                               "result's `text` (the whole page's as `page_text`); evidence "
                                               "offsets index into those.")
    id: str | int | None = Field(None, description="Your id for the article; echoed in the result. "
                                                   "When absent, a stable id is derived from the content.")
    url: str | None = Field(None, description="Canonical URL of the article.")
    source: str | None = Field(None, description="Publisher or site name.")
    published: str | None = Field(None, description="Publication date/time, ISO 8601.")
    language: str | None = Field(None, description="Language code, e.g. `en`.")

    @model_validator(mode="after")
    def _needs_body(self) -> ArticleIn:
        if not self.text and not self.html:
            raise ValueError("the article needs a non-empty 'text' or 'html' field")
        return self

    def as_article_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, include=set(ArticleIn.model_fields))


class ScoreRequest(ArticleIn):
    """One article to score (see ArticleIn), and how to count evidence offsets."""

    offsets: Offsets = Field("codepoint", description=_OFFSETS_HELP)


_CORROBORATE = Field(False, description="Compare the articles of this batch with each other: group the versions of "
                                        "each story and say which of each article's figures, quotes and named "
                                        "sources the other versions (from other sources) carry. Each result then "
                                        "has a `corroboration` object and, for an article in a story, an "
                                        "`uncorroborated_claims` explanation.")


class BatchRequest(BaseModel):
    """Up to the configured number of articles (default 100), scored in one call."""

    model_config = _STRICT

    articles: list[ArticleIn] = Field(description="The articles; each is validated and scored on its own.")
    offsets: Offsets = Field("codepoint", description=_OFFSETS_HELP)
    corroborate: bool = _CORROBORATE


class BatchEnvelope(BaseModel):
    """The outer shape of a batch request; each item is then validated against `ArticleIn` on its own, so that
    one bad article yields an error object for that item alone (BatchRequest documents the same shape)."""

    model_config = _STRICT

    articles: list[Any]
    offsets: Offsets = "codepoint"
    corroborate: bool = _CORROBORATE


class Evidence(BaseModel):
    start: int = Field(description="Start offset (inclusive) into the string named by `field`, in Unicode code "
                                   "points, or UTF-16 code units when the request asked for `offsets: utf16`.")
    end: int = Field(description="End offset (exclusive), in the same unit; `field[start:end] == text`.")
    text: str
    label: str
    field: str = Field(description="`title` or `text` as the caller sent them; for html input the extracted "
                                   "`text` or `page_text` returned in the result.")


class TermEvidence(Evidence):
    contribution: float = Field(description="This occurrence's share of its term's contribution.")


class WordingTerm(BaseModel):
    term: str
    coefficient: float
    value: float
    contribution: float = Field(description="coefficient x value.")
    occurrences: int = Field(description="How often the term occurs in the title and text.")
    evidence: list[TermEvidence] = Field(description="Its occurrences (the first 25).")


class UnlistedTerms(BaseModel):
    count: int = Field(description="Terms present besides the listed ones.")
    contribution: float = Field(description="What they add together; listed terms + this = the family's "
                                            "contribution.")


class Explanation(BaseModel):
    feature: str
    description: str
    family: str
    value: float = Field(description="The measured value (before clipping); for the wording family, how many of its "
                                     "terms occur.")
    contribution: float = Field(description="This feature's additive share of the logit: "
                                            "coefficient x (clip(value) - reference) / scale.")
    weight_kind: Literal["learned", "prior", "none"] = Field(
        description="`learned` from data, a documented `prior`, or `none` (weight 0, the description says why)."
    )
    reference: float = Field(description="The value that contributes nothing (0 for a cue count or rate).")
    clipped: bool = Field(description="The value was outside the range seen in training and was scored at the "
                                      "nearest end of it (a `clipped:` warning says so).")
    evidence: list[Evidence]
    terms: list[WordingTerm] | None = Field(None, description="The wording family only: its strongest terms "
                                                              "(at most 20), strongest first.")
    unlisted_terms: UnlistedTerms | None = Field(None, description="The wording family only: the other terms "
                                                                   "present, summed.")


class Claim(BaseModel):
    """A figure, direct quote or named source of the article, and whether other versions of its story carry it."""

    kind: Literal["figure", "quote", "source"]
    text: str
    start: int = Field(description="Start offset (inclusive) into the field; the same rules as evidence spans.")
    end: int = Field(description="End offset (exclusive); `field[start:end] == text`.")
    field: str = Field(description="`text`: claims are read from the body.")
    status: Literal["corroborated", "uncorroborated"]
    corroborated_by: list[str] = Field(description="Ids of the other versions, from other sources, carrying it.")


class Corroboration(BaseModel):
    """What the other versions of the same story in the batch confirm (requests with `corroborate: true`)."""

    story: str | None = Field(description="The story's id; null when no other article of the batch, from another "
                                          "source, tells the same story (then `claims` is empty).")
    versions: int = Field(ge=1, description="Articles in the story, this one included.")
    claims: list[Claim]


class ScoreResult(BaseModel):
    """The credibility score of one article, with every feature's exact contribution."""

    id: str
    score: float = Field(ge=0, le=1, description="P(credible), calibrated.")
    band: Literal["high", "medium", "low", "uncertain"] = Field(
        description="`uncertain` when a warning says the text cannot be judged (`non_english`, `too_short`)."
    )
    model_version: str
    logit: float = Field(description="intercept + sum of contributions.")
    intercept: float
    explanations: list[Explanation] = Field(description="One per feature, largest |contribution| first.")
    warnings: list[str] = Field(description="`<code>: <text>`, e.g. `non_english: ...`, `clipped: <signal> ...`.")
    text: str | None = Field(None, description="html input only: the extracted main text the spans index.")
    page_text: str | None = Field(None, description="html input only: the whole page's visible text.")
    corroboration: Corroboration | None = Field(None, description="Only in batch results with `corroborate: true`.")


class Problem(BaseModel):
    """An RFC 9457 problem document (media type application/problem+json)."""

    type: str = Field(description="URI of the problem type; its docs section explains it.")
    title: str
    status: int
    detail: str
    request_id: str | None = None
    errors: list[dict[str, Any]] | None = Field(None, description="Per-field validation errors (422 only).")


class ItemError(BaseModel):
    """Why one article of a batch was not scored; the other articles are unaffected."""

    index: int = Field(description="Position of the article in the request.")
    id: str | None = Field(None, description="The article's id, when it sent one.")
    error: Problem


class BatchResponse(BaseModel):
    results: list[ScoreResult | ItemError] = Field(description="One per article, in input order.")


class SignalInfo(BaseModel):
    name: str
    description: str
    family: str
    unit: str
    direction: int = Field(description="+1: a higher value should raise the score; -1: lower it; 0: not stated.")
    weight_kind: Literal["learned", "prior", "none"]
    reason: str | None = Field(description="Why the weight is a prior or none; null when learned.")
    coefficient: float = Field(description="Logit change per `scale` units of the value above `reference`.")
    reference: float
    scale: float
    clip: list[float] = Field(description="[low, high]: the range of values seen in training.")


class ModelInfo(BaseModel):
    version: str
    signal_set_version: str | None
    signals: list[SignalInfo]
    wording_terms: int = Field(description="Terms of the wording family (0 when the model has none).")
    reputation: dict[str, Any] | None = Field(description="Publisher reputation weights, or null.")
    training: dict[str, Any] = Field(description="The training data's digest, size and description.")
    metrics: dict[str, Any] = Field(description="Measured quality (grouped CV, held-out corpora).")


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    model_version: str


REQUEST_MODELS = (ArticleIn, ScoreRequest, BatchRequest)
RESPONSE_MODELS = (ScoreResult, BatchResponse, ItemError, Problem, ModelInfo, Health, Ready)
