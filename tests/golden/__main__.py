"""`python -m tests.golden`: rewrite tests/golden/signal_values.json from today's signals (after bumping
SIGNAL_VALUES_VERSION)."""

from tests.golden import write

if __name__ == "__main__":
    print(f"wrote {write()}")
