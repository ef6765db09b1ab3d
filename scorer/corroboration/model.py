"""A model that corroborates every batch it scores: how `scorer batch --corroborate` runs on every engine.

`scorer batch` hands each engine (this process, a process pool, Dask) a model factory and chunks of items. With
--corroborate the factory is a CorroboratingModelRef and each chunk is a window of items (scorer.corroboration.WINDOW):
the chunk's articles are compared with each other, so stories are found within a window (a Dask partition), never
across two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scorer.article import to_article
from scorer.corroboration.corroborate import LONE, corroborate_results, with_corroboration
from scorer.model import ScoresEach, cached_model


class CorroboratingModel(ScoresEach):
    """Wraps a model: score_many / score_each return its results with each article's `corroboration` object and
    explanation entry, comparing the articles of that call; score (one article alone) marks it as in no story.
    score_each is the model's own (scorer.model.ScoresEach) over this score_many: an unreadable item keeps its error,
    and if the batch call fails the articles are scored one by one, each alone."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __getattr__(self, name: str) -> Any:  # version, bands, metadata...: the wrapped model's
        return getattr(self.model, name)

    def _bands(self) -> dict[str, float] | None:
        return getattr(self.model, "bands", None)

    def score(self, item: Any) -> dict[str, Any]:
        return with_corroboration(self.model.score(item), LONE, self._bands())

    def score_many(self, items: Iterable[Any]) -> list[dict[str, Any]]:
        articles = [to_article(item) for item in items]
        return corroborate_results(articles, self.model.score_many(articles), self._bands())


@dataclass(frozen=True)
class CorroboratingModelRef:
    """A picklable, hashable model factory (as scorer.model.ModelRef) giving the wrapped model."""

    inner: Callable[[], Any]

    def __call__(self) -> CorroboratingModel:
        return CorroboratingModel(cached_model(self.inner))  # the wrapped model: loaded once per process
