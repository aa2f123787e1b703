"""The hash chain of the audit log.

Each event stores the hash of the event before it and its own hash: SHA-256 over that previous
hash and a canonical serialization of the event's fields. Changing a row by hand (raw SQL, a
database tool) breaks its own hash; deleting one breaks the link of the next event. The chain is
kept per organization, plus one chain for the platform's events (no organization), so one
organization's log can be verified, or handed over, without the others'. See
docs/decisions/0007-audit-rows-cannot-change.md.

What the chain does not see: the removal of the newest events of a chain (nothing comes after
them to notice), or a whole chain rewritten by someone who recomputes every hash. The PostgreSQL
trigger (migration 0004) is what stops the application itself; the chain makes tampering by
anyone else detectable, on every database.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from django.db import connections, router, transaction

#: The previous hash of the first event of a chain.
GENESIS = "0" * 64

#: The fields the hash covers, as ``values()`` names them. Changing this list changes every
#: hash: it needs a migration that reseals the existing rows, and migration ``audit/0003``,
#: which reads this list, must then keep a copy of the list as it was (a field added later
#: does not exist at 0003, and a fresh ``migrate`` would fail there).
HASHED_FIELDS = (
    "uuid",
    "occurred_at",
    "actor_id",
    "organization_id",
    "action",
    "object_type",
    "object_uuid",
    "changed_fields",
)

#: First key of PostgreSQL's two-key advisory lock: "the audit chain" (the second key is the
#: organization, 0 for the platform). A constant keeps it apart from other advisory locks.
_LOCK_CLASS = zlib.crc32(b"maillage.audit.chain") & 0x7FFFFFFF


def _timestamp(value: datetime.datetime) -> str:
    # UTC with microseconds: the same text whatever the time zone the row is read back in.
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _uuid(value) -> str | None:
    return None if value in (None, "") else str(uuid.UUID(str(value)))


def canonical(values: Mapping) -> bytes:
    """The bytes hashed for one event: sorted-key, compact JSON of ``HASHED_FIELDS``."""
    document = {
        "uuid": _uuid(values["uuid"]),
        "occurred_at": _timestamp(values["occurred_at"]),
        "actor_id": values["actor_id"],
        "organization_id": values["organization_id"],
        "action": values["action"],
        "object_type": values["object_type"],
        "object_uuid": _uuid(values["object_uuid"]),
        "changed_fields": [str(name) for name in values["changed_fields"] or []],
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def link_hash(previous_hash: str, values: Mapping) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + b"\n" + canonical(values)).hexdigest()


def _values_of(event) -> dict:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def sealed_insert(event, insert: Callable[[], None]) -> None:
    """Insert ``event`` as the new head of its organization's chain.

    Two events of one organization written at the same time would otherwise both link to the
    same previous event. On PostgreSQL a transaction-scoped advisory lock per chain serializes
    the writers until their transaction ends (so the next one reads a committed head); SQLite
    serializes writing transactions by itself (``transaction_mode: IMMEDIATE`` in the settings).
    """
    from .models import AuditEvent

    alias = router.db_for_write(AuditEvent)
    connection = connections[alias]
    # No savepoint: inside a caller's transaction the insert belongs to it anyway, and a
    # savepoint would add two queries to every audited request.
    with transaction.atomic(using=alias, savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    [_LOCK_CLASS, event.organization_id or 0],
                )
        head = (
            AuditEvent.objects.across_organizations("the head of one organization's audit chain")
            .using(alias)
            .filter(organization_id=event.organization_id)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        )
        event.previous_hash = head or GENESIS
        event.hash = link_hash(event.previous_hash, _values_of(event))
        insert()


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain."""

    event_id: int
    event_uuid: str
    organization_id: int | None
    occurred_at: datetime.datetime
    reason: str

    def describe(self) -> str:
        chain = (
            f"organization {self.organization_id}"
            if self.organization_id is not None
            else "platform"
        )
        return (
            f"Chain of {chain} broken at event {self.event_uuid} "
            f"(id {self.event_id}, {_timestamp(self.occurred_at)}): {self.reason}"
        )


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: Break | None
    #: The last event found intact (``None``: none was) and its hash, where the next
    #: verification may start.
    head_id: int | None = None
    head_hash: str = GENESIS
    #: The chain's organization (``None``: the platform's), when the caller says it.
    organization_id: int | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify_rows(rows: Iterable[Mapping], previous: str = GENESIS) -> Verification:
    """Walk the rows of one chain, oldest first, from the event whose hash is ``previous``
    (the genesis: the whole chain), and stop at the first broken link."""
    checked = 0
    head_id = None
    for row in rows:
        reason = None
        if row["previous_hash"] != previous:
            reason = (
                "it does not link to the event before it "
                "(an event was removed or changed before it)"
            )
        elif row["hash"] != link_hash(row["previous_hash"], row):
            reason = "its content does not match its hash (the row was changed)"
        if reason:
            return Verification(
                checked,
                Break(
                    event_id=row["id"],
                    event_uuid=_uuid(row["uuid"]),
                    organization_id=row["organization_id"],
                    occurred_at=row["occurred_at"],
                    reason=reason,
                ),
            )
        previous = row["hash"]
        head_id = row["id"]
        checked += 1
    return Verification(checked, None, head_id, previous)


def _chain_rows(organization_id, after_id: int | None = None):
    from .models import AuditEvent

    rows = AuditEvent.objects.across_organizations(
        "one organization's audit chain, to verify it"
    ).filter(organization_id=organization_id)
    if after_id is not None:
        rows = rows.filter(id__gt=after_id)
    return (
        rows.order_by("id")
        .values("id", "previous_hash", "hash", *HASHED_FIELDS)
        .iterator(chunk_size=2000)
    )


def verify_chain(organization_id) -> Verification:
    """One whole chain: an organization's, by its id, or the platform's (``None``). One query."""
    return replace(verify_rows(_chain_rows(organization_id)), organization_id=organization_id)


def last_verification(organization):
    """The latest ``ChainVerification`` of the organization's chain, or ``None``."""
    from .models import ChainVerification

    return (
        ChainVerification.objects.for_org(organization).order_by("-id").first()
        if organization is not None
        else ChainVerification.objects.across_organizations("the platform's chain")
        .filter(organization=None)
        .order_by("-id")
        .first()
    )


def verify_since_last_verification(organization) -> tuple[Verification, object]:
    """``(verification, last)``: the chain checked from the head the last full verification
    (``last``, a ``ChainVerification``) found intact, whatever the years of log before it;
    the whole chain when there was none or it found the chain broken.

    From a head, the head itself must still be there, with that hash and a content that
    matches it, and the events after it must link to it: the removal of the head, or of
    every event after it, is detected too. What changed before the head waits for the next
    full verification (``verify_audit_chain``). Two queries."""
    last = last_verification(organization)
    organization_id = organization.pk if organization is not None else None
    if last is None or not last.intact or last.head_id is None:
        return verify_chain(organization_id), last
    rows = iter(_chain_rows(organization_id, after_id=last.head_id - 1))
    head = next(rows, None)
    if head is None or head["id"] != last.head_id or head["hash"] != last.head_hash:
        # The head verified last time is gone or was changed: report it as the break.
        return Verification(
            0,
            Break(
                event_id=last.head_id,
                event_uuid="",
                organization_id=organization_id,
                occurred_at=head["occurred_at"] if head else last.verified_at,
                reason="the last event verified was removed or changed",
            ),
        ), last
    # The head is checked against its own hash too, then counted out: it is not new.
    verified = verify_rows(itertools.chain([head], rows), previous=head["previous_hash"])
    return replace(verified, checked=max(verified.checked - 1, 0)), last


def verify_all() -> list[Verification]:
    """Every chain: the platform's, then each organization's that has events."""
    from .models import AuditEvent

    organizations = (
        AuditEvent.objects.across_organizations("the organizations that have an audit chain")
        .exclude(organization_id=None)
        .order_by("organization_id")
        .values_list("organization_id", flat=True)
        .distinct()
    )
    return [verify_chain(organization_id) for organization_id in [None, *organizations]]


def record_verifications(results: Iterable[Verification]) -> None:
    """Keep each chain's full verification (``verify_all``) as a ``ChainVerification``:
    where the organization's log page starts its own next time."""
    from .models import ChainVerification

    ChainVerification.objects.bulk_create(
        ChainVerification(
            organization_id=result.organization_id,
            checked=result.checked,
            head_id=result.head_id,
            head_hash=result.head_hash,
            intact=result.intact,
            broken="" if result.intact else result.broken.describe(),
        )
        for result in results
    )
