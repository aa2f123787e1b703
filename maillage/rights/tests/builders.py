"""Builders for the rights tests: a request recorded on a given day, a disclosure.

They are shared with other apps' tests, so they live in maillage/testing/builders/."""

from maillage.testing.builders.rights import make_disclosure, make_request

__all__ = ["make_disclosure", "make_request"]
