"""Builders for accompaniment tests: a plan, a contact (the family: the shared builder).

They are shared with other apps' tests, so they live in maillage/testing/builders/."""

from maillage.testing.builders import make_family
from maillage.testing.builders.accompaniment import make_contact, make_priority, make_step

__all__ = ["make_contact", "make_family", "make_priority", "make_step"]
