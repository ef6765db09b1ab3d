"""Cross-article corroboration: within a batch, what the other versions of the same story confirm.

    from scorer.corroboration.corroborate import corroborate, corroborate_results
    objects = corroborate(articles)                  # one `corroboration` object per article
    results = corroborate_results(articles, results)  # scored results with the object and its explanation entry

Modules: stories.py (grouping), claims.py and figures.py (what is compared), explain.py (the explanation entry and
the score), corroborate.py (the two functions above), model.py (the model wrapper `scorer batch --corroborate`
runs). This file imports nothing, so that `scorer --help` does not load datasketch (which loads scipy).

An article's `corroboration` object: {"story": id | None, "versions": n, "claims": [{"kind", "text", "start", "end",
"field", "status", "corroborated_by"}]}. Stories come from scorer.corroboration.stories, claims from
scorer.corroboration.claims. A claim is corroborated when a version of the story from another source (URL host or
`source`) carries the same claim; `corroborated_by` lists those versions' ids in input order. An article in no story
has {"story": None, "versions": 1, "claims": []}: with nothing to compare, it claims nothing here and its result is
left exactly as it was.
"""


# Items compared with each other by `scorer batch --corroborate` (a window; a Dask partition): versions of a story
# further apart than this in the input are not matched. 1,000 feed items are about a day of a few dozen feeds; memory
# stays flat, one window at a time per worker (docs/benchmarks.md, corroboration).
WINDOW = 1_000
