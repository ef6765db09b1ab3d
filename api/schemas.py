"""The request and response schemas: pydantic models that validate requests AND generate /openapi.json.

Requests are validated strictly (no type coercion, unknown fields rejected). Response models document what the
scoring result holds; they allow extra members so a newer model can add fields without breaking clients.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(extra="forbid", strict=True)


class ArticleIn(BaseModel):
    """One article to score: `text` (plain text) or `html` (a whole page), plus optional metadata."""

    model_config = _STRICT

    title: str | None = Field(None, description="Headline, if separate from the text.")
    text: str | None = Field(None, description="Article body as plain text. Evidence offsets index into it.")
    html: str | None = Field(None, description="Whole HTML page; used when `text` is absent. The main text is "
                                               "extracted and page boilerplate is scored too.")
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
        return self.model_dump(exclude_none=True)


_CORROBORATE = Field(False, description="Compare the articles of this batch with each other: group the versions of "
                                        "each story and say which of each article's figures, quotes and named "
                                        "sources the other versions (from other sources) carry. Each result then "
                                        "has a `corroboration` object and, for an article in a story, an "
                                        "`uncorroborated_claims` explanation.")


class BatchRequest(BaseModel):
    """Up to the configured number of articles (default 100), scored in one call."""

    model_config = _STRICT

    articles: list[ArticleIn] = Field(description="The articles; each is validated and scored on its own.")
    corroborate: bool = _CORROBORATE


class BatchEnvelope(BaseModel):
    """The outer shape of a batch request; each item is then validated against `ArticleIn` on its own, so that
    one bad article yields an error object for that item alone (BatchRequest documents the same shape)."""

    model_config = _STRICT

    articles: list[Any]
    corroborate: bool = _CORROBORATE


class Evidence(BaseModel):
    start: int = Field(description="Start offset (inclusive) into the field the caller sent.")
    end: int = Field(description="End offset (exclusive); `field[start:end] == text`.")
    text: str
    label: str
    field: str = Field(description="`title`, `text` or `page_text`.")


class Explanation(BaseModel):
    feature: str
    description: str
    family: str
    value: float
    contribution: float = Field(description="This feature's additive share of the logit.")
    weight: Literal["learned", "prior"] = Field(description="Learned from data, or a documented prior.")
    evidence: list[Evidence]


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
    band: Literal["high", "medium", "low"]
    model_version: str
    logit: float = Field(description="intercept + sum of contributions.")
    intercept: float
    explanations: list[Explanation] = Field(description="One per feature, largest |contribution| first.")
    warnings: list[str]
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
    weight: float | None = Field(description="Logistic coefficient on the standardised signal (logit per SD).")
    weight_source: str | None = Field(description="`learned`, `prior`, or `none` (no support, weight 0).")


class ModelInfo(BaseModel):
    version: str
    trained_at: str | None
    signal_set_version: str | None
    signals: list[SignalInfo]
    metrics: dict[str, Any] = Field(description="Evaluation metrics recorded at training time.")
    metadata: dict[str, Any] = Field(description="The model's full metadata.json.")


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    model_version: str


REQUEST_MODELS = (ArticleIn, BatchRequest)
RESPONSE_MODELS = (ScoreResult, BatchResponse, ItemError, Problem, ModelInfo, Health, Ready)
