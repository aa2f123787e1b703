"""The referrals' section of the family page (``families/page.py``)."""

from maillage.families.page import Section

from .selectors import referrals_for

REFERRALS = Section(
    name="referrals.family",
    position=30,
    template="referrals/partials/family_referrals.html",
    context=lambda request, family: {"referrals": referrals_for(family)},
)
