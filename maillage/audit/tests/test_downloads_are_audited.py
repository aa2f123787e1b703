"""Every download the application serves leaves a trace in the audit log (issue 6).

The URLs come from the permission matrix (through the security suite's lists), so a new
export or download is checked as soon as it is declared there.
"""

from maillage.audit.models import AuditEvent
from maillage.core.tests.conftest import clients, targets  # noqa: F401  (fixtures)
from maillage.core.tests.test_permission_matrix import MATRIX
from maillage.core.tests.test_security_suite import GETS, _allowed_persona, _url
from maillage.testing.fixtures import logged_in_client


def test_every_response_served_as_an_attachment_wrote_an_audit_event(clients, targets):  # noqa: F811
    downloads, silent = [], []
    for name in GETS:
        entry = MATRIX[name]
        user = clients[_allowed_persona(entry)]
        client = logged_in_client(user)
        last = AuditEvent.unscoped_objects.order_by("-id").values_list("id", flat=True).first()
        response = client.get(_url(name, entry, targets), entry.data)
        if not response.get("Content-Disposition", "").startswith("attachment"):
            continue
        downloads.append(name)
        written = AuditEvent.unscoped_objects.filter(id__gt=last or 0, actor=user)
        if not written.exists():
            silent.append(name)
    assert silent == []
    # The walk found the downloads it is meant to watch (a check that cannot shrink to nothing).
    assert {"partners:export_json", "privacy:incidents_csv", "imports:template"} <= set(downloads)
