"""The life of a referral, as a state machine. Django-free: importable without settings.

A referral is worth something only if the family gets the service (closed loop), so each
referral is followed to one outcome: received, not used, refused by the service, or
withdrawn. The transitions are listed explicitly in ``TRANSITIONS``; anything else is refused.

Choices made here (see docs in the report of the referrals work):

* **Outcomes are final.** ``received``, ``not_used``, ``refused`` and ``withdrawn`` allow no
  transition. A family that wants to try again gets a *new* referral: the first outcome stays
  true (the evaluation counts it), and the history is never rewritten.
* **"Not used" and "refused" require a reason** from ``REASONS`` (the evidence of service
  gaps). "Withdrawn" may carry one; other transitions carry none.
* The family may decline at any time before an outcome ("not used", with a reason such as
  ``changed_mind``); the service can only refuse once a request was made.
* An appointment can fall through and the family go back on the waiting list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PROPOSED = "proposed"  # the worker suggested the service
ACCEPTED = "accepted"  # the family agreed to it
REQUESTED = "requested"  # the request was made to the service
WAITING_LIST = "waiting_list"
APPOINTMENT_SET = "appointment_set"
RECEIVED = "received"  # the family received the service
NOT_USED = "not_used"  # the family did not use it, or gave up
REFUSED = "refused"  # the service refused (eligibility, ...)
WITHDRAWN = "withdrawn"  # the referral no longer applies (need met otherwise, moved, ...)

STATUSES = (
    PROPOSED,
    ACCEPTED,
    REQUESTED,
    WAITING_LIST,
    APPOINTMENT_SET,
    RECEIVED,
    NOT_USED,
    REFUSED,
    WITHDRAWN,
)
INITIAL = PROPOSED
OUTCOMES = frozenset({RECEIVED, NOT_USED, REFUSED, WITHDRAWN})
OPEN = frozenset(STATUSES) - OUTCOMES

# Where each status may go. Terminal statuses allow nothing.
TRANSITIONS: dict[str, frozenset[str]] = {
    PROPOSED: frozenset({ACCEPTED, NOT_USED, WITHDRAWN}),
    ACCEPTED: frozenset({REQUESTED, NOT_USED, WITHDRAWN}),
    REQUESTED: frozenset({WAITING_LIST, APPOINTMENT_SET, RECEIVED, NOT_USED, REFUSED, WITHDRAWN}),
    WAITING_LIST: frozenset({APPOINTMENT_SET, RECEIVED, NOT_USED, REFUSED, WITHDRAWN}),
    APPOINTMENT_SET: frozenset({WAITING_LIST, RECEIVED, NOT_USED, REFUSED, WITHDRAWN}),
    RECEIVED: frozenset(),
    NOT_USED: frozenset(),
    REFUSED: frozenset(),
    WITHDRAWN: frozenset(),
}

REASONS = (
    "transport",
    "waiting_time",
    "eligibility",
    "language",
    "cost",
    "schedule",
    "distrust",
    "missing_documents",
    "changed_mind",
    "unreachable",
    "other",
)
REASON_REQUIRED = frozenset({NOT_USED, REFUSED})
REASON_ALLOWED = REASON_REQUIRED | {WITHDRAWN}


class TransitionRefused(Exception):
    """A transition that the flow does not allow. ``code`` says why (for a translated message):
    ``unknown_status``, ``not_allowed``, ``reason_required``, ``unknown_reason``,
    ``reason_not_expected``."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def allowed_from(status: str) -> frozenset[str]:
    """The statuses ``status`` may move to (none for an outcome, or an unknown status)."""
    return TRANSITIONS.get(status, frozenset())


def is_terminal(status: str) -> bool:
    return status in OUTCOMES


def check_transition(from_status: str, to_status: str, reason: str = "") -> None:
    """Raise ``TransitionRefused`` unless ``from_status → to_status`` with ``reason`` is allowed."""
    if from_status not in TRANSITIONS or to_status not in TRANSITIONS:
        raise TransitionRefused("unknown_status")
    if to_status not in TRANSITIONS[from_status]:
        raise TransitionRefused("not_allowed")
    if reason:
        if reason not in REASONS:
            raise TransitionRefused("unknown_reason")
        if to_status not in REASON_ALLOWED:
            raise TransitionRefused("reason_not_expected")
    elif to_status in REASON_REQUIRED:
        raise TransitionRefused("reason_required")


@dataclass(frozen=True)
class Entry:
    """One line of a referral's history."""

    from_status: str
    to_status: str
    reason: str = ""
    on: date | None = None


@dataclass
class Flow:
    """A referral's status and its history, in memory: what the services persist.

    ``history`` starts with the creation (``"" → proposed``) and only ever grows.
    """

    status: str = INITIAL
    history: list[Entry] = field(default_factory=lambda: [Entry("", INITIAL)])

    def move(self, to_status: str, reason: str = "", on: date | None = None) -> Entry:
        """Apply one transition, or raise ``TransitionRefused`` and change nothing."""
        check_transition(self.status, to_status, reason)
        entry = Entry(self.status, to_status, reason, on)
        self.history.append(entry)
        self.status = to_status
        return entry
