"""The sections other apps add to the family page.

The families sit below the apps that keep a family's contacts, plan and referrals, so the
family page cannot import them. Each of those apps registers its sections here from its
``AppConfig.ready()``; the page renders them in ``position`` order, between the summary and
the consents, and adds their moments to the timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .timeline import Moment


def _nothing(*args) -> tuple:
    return ()


@dataclass(frozen=True)
class Section:
    #: Unique among the sections; registering the same name again replaces it.
    name: str
    #: Where it comes on the page: lower first.
    position: int
    #: The partial rendered with the page's context and this section's.
    template: str
    #: ``context(request, family) -> dict``: what the partial needs, merged into the page's
    #: context (so its keys must not collide with another section's).
    context: Callable[..., dict]
    #: ``prefetch(organization) -> [Prefetch or lookup]``: added to the family's query.
    prefetch: Callable[..., Iterable] = _nothing
    #: ``moments(context) -> [Moment]``: the section's events on the family's timeline.
    moments: Callable[[dict], Iterable[Moment]] = _nothing


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.name] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.position, section.name))


def prefetches(organization) -> list:
    return [lookup for section in sections() for lookup in section.prefetch(organization)]
