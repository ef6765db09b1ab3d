"""A real `scorer serve` with two workers of one thread each, one of them busy for seconds with a big batch: short
requests sent meanwhile go to the idle worker, not into the busy one's queue (scorer/serve_worker.py)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.test_api_gunicorn import ARTICLE, call, metric, running_server, wait_for
from tests.test_serving_resilience import assert_log_clean

pytestmark = pytest.mark.slow

# Seconds a short request may take while the other worker is idle; a request queued behind the batch waits for the
# batch's remaining seconds (9.4 s was seen).
SHORT_TIMEOUT = 3.0
PROBES = 80
# Probes in flight at once: with one at a time the idle worker nearly always won the race to accept and the old worker
# passed; with four, the busy worker took some in every run.
CONCURRENT = 4
# A worker steps aside once its request has run for LONG_REQUEST_SECONDS (0.1 s); in its first moments a batch
# cannot be told from a single article.
BATCH_HEAD_START = 0.5


def requests_in_progress(url: str) -> float:
    """Requests being answered over all workers, this scrape included; 0 when the scrape is not answered in time."""
    try:
        return metric(call(url + "/metrics", timeout=SHORT_TIMEOUT)[1], "scorer_http_requests_in_progress")
    except OSError:
        return 0


def status_within(url: str, body: dict | None = None) -> int:
    """The status of one request, or 0 when it got no answer within SHORT_TIMEOUT."""
    try:
        return call(url, body, timeout=SHORT_TIMEOUT)[0]
    except OSError:
        return 0


def test_short_requests_go_to_the_idle_worker_while_the_other_scores_a_long_batch(tmp_path):
    articles = [{"id": str(n), "text": f"Report {n}. " + " ".join([ARTICLE["text"]] * 200)} for n in range(400)]
    env = {"SCORER_MAX_BODY_BYTES": str(64 * 1024 * 1024), "SCORER_MAX_BATCH": "1000"}
    with running_server(tmp_path, "--threads", "1", "--timeout", "120", env=env) as (url, _):
        answer: list = []
        batch = threading.Thread(target=lambda: answer.append(call(url + "/v1/score/batch", {"articles": articles},
                                                                   timeout=120)[0]))
        batch.start()
        wait_for(lambda: requests_in_progress(url) >= 2, 30, "the batch being scored")
        time.sleep(BATCH_HEAD_START)
        with ThreadPoolExecutor(CONCURRENT) as pool:
            probes = list(pool.map(lambda n: status_within(url + "/healthz") if n % 2 else
                                   status_within(url + "/v1/score", ARTICLE), range(PROBES)))
        still_scoring = batch.is_alive()
        batch.join(120)
    assert probes == [200] * PROBES
    assert still_scoring, "the batch ended before the probes did: they did not run beside it"
    assert answer == [200]
    assert_log_clean(tmp_path)
