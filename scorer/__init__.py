"""Credibility scorer: explainable signals and a calibrated additive model for news articles."""

from scorer.article import Article, ArticleError, from_dict, from_html, from_text, to_article

__version__ = "0.1.0"
__all__ = ["Article", "ArticleError", "from_dict", "from_html", "from_text", "load_model", "to_article"]


def load_model(path=None, reputation_path=None):
    """Load a trained model (the shipped default when `path` is None); see scorer.model."""
    from scorer.model import load_model as _load

    return _load(path, reputation_path)
