"""Prometheus metrics: request counts by route and status, latency, requests in progress, articles scored.

Under gunicorn, `scorer serve` sets PROMETHEUS_MULTIPROC_DIR before any worker starts; every worker then writes
its samples to files there and /metrics sums them, so the counts are right whichever worker answers the scrape.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


# prometheus_client picks its value store once, when first imported; if that happened before the serve command set
# the directory (another command module imported it), pick again so this worker's samples go to the shared files.
if multiprocess_mode() and values.ValueClass is not values.get_value_class():
    values.ValueClass = values.get_value_class()

REQUESTS = Counter("scorer_http_requests", "HTTP requests by route template, method and status code",
                   ["route", "method", "status"])
# Buckets in seconds around the 20 ms single-article target, up to a slow batch of 100.
LATENCY = Histogram("scorer_http_request_duration_seconds", "Time to answer a request, by route template", ["route"],
                    buckets=(0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
# Requests a worker is answering now, summed over the live workers: saturation at a glance (a scrape counts itself).
IN_PROGRESS = Gauge("scorer_http_requests_in_progress", "Requests being answered now, over all live workers",
                    multiprocess_mode="livesum")
ARTICLES = Counter("scorer_articles", "Articles received for scoring, by outcome (scored or rejected)", ["outcome"])


def render() -> tuple[bytes, str]:
    """The exposition text of every metric, summed over all workers in multiprocess mode."""
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


__all__ = ["ARTICLES", "IN_PROGRESS", "LATENCY", "REQUESTS", "render"]
