"""Every page about one family that shows its code writes an audit event naming that family
(``family.viewed``, from ``record_read``), so the log says who looked at which file (finding 6
of issue 18).

The URLs come from the permission matrix, so a new page is checked as soon as it is declared
there. Pages without an object in their URL (lists, home pages, *Ma journée*) show codes of
many families: they are not audited family by family, and a list that shows identities writes
``family.list.viewed`` instead. Downloads are checked by ``test_downloads_are_audited``.
"""

from maillage.audit.models import AuditEvent
from maillage.core.tests.conftest import clients, targets  # noqa: F401  (fixtures)
from maillage.core.tests.test_permission_matrix import MATRIX
from maillage.core.tests.test_security_suite import GETS, _allowed_persona, _url
from maillage.families.models import Family
from maillage.testing.fixtures import logged_in_client


def _families_shown(response, codes) -> set:
    if response.streaming or response.get("Content-Disposition", "").startswith("attachment"):
        return set()
    content = response.content.decode(errors="replace")
    return {uuid for code, uuid in codes.items() if code in content}


def test_every_page_that_shows_a_family_writes_an_audit_event_naming_it(clients, targets):  # noqa: F811
    codes = dict(Family.objects.across_organizations("test").values_list("code", "uuid"))
    shown, silent = [], []
    for name in GETS:
        entry = MATRIX[name]
        if not entry.kwargs:
            continue
        user = clients[_allowed_persona(entry)]
        client = logged_in_client(user)
        last = AuditEvent.unscoped_objects.order_by("-id").values_list("id", flat=True).first()
        response = client.get(_url(name, entry, targets), entry.data)
        families = _families_shown(response, codes)
        if not families:
            continue
        shown.append(name)
        written = AuditEvent.unscoped_objects.filter(
            id__gt=last or 0, actor=user, object_uuid__in=families
        )
        if not written.exists():
            silent.append(name)
    assert silent == [], "\n".join(silent)
    # The walk found the pages it is meant to watch (a check that cannot shrink to nothing).
    assert {
        "families:detail",
        "families:edit",
        "families:member_edit",
        "rights:family",
        "rights:request_detail",
    } <= set(shown)
