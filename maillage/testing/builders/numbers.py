"""One counter for the builders' default names and codes, unique within a test run."""

import itertools

_sequence = itertools.count(1)


def next_number() -> int:
    return next(_sequence)
