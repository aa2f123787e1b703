"""The directory through HTTP: search, filters, forms, sharing, import and export."""

import io
import json
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.partners import hsds, services
from maillage.partners.models import Partner, Service
from maillage.testing.builders import make_community, make_municipality
from maillage.testing.shared import shared_file

DIRECTORY = reverse("partners:directory")


def _partner(org, pg, name="Maison de la famille", **values):
    return services.create_partner(pg, org, {"name": name, **values})


def _service(partner, pg, name, **values):
    return services.create_service(pg, partner, {"name": name, **values})


def _names(response):
    return [service.name for service in response.context["page"]]


def test_search_ignores_accents_case_and_hyphens(org, pg, ptp_client):
    partner = _partner(org, pg)
    _service(partner, pg, "Halte-garderie", description="Répit pour les parents")
    _service(partner, pg, "Cuisine collective")
    for query in ("garderie", "halte garderie", "HALTE-GARDERIE", "repit", "RÉPIT"):
        assert _names(ptp_client.get(DIRECTORY, {"q": query})) == ["Halte-garderie"], query


def test_filters_by_need_municipality_and_language(org, pg, ptp_client):
    partner = _partner(org, pg)
    here = org.municipalities.get()
    elsewhere = make_municipality(org.region, code="62037", name="Rawdon")
    childcare = _service(
        partner, pg, "Halte-garderie", needs=["childcare"], languages=[{"id": "x", "code": "fr"}]
    )
    food = _service(partner, pg, "Cuisine collective", needs=["food"])
    services.create_location(
        pg, partner, {"name": "Local", "municipality": here}, services=[childcare]
    )
    other = _partner(org, pg, name="Autre")
    services.create_location(pg, other, {"name": "Ailleurs", "municipality": here})
    _service(other, pg, "Friperie", needs=["furniture"])  # no location of its own: its partner's
    third = _partner(org, pg, name="Loin")
    services.create_location(pg, third, {"name": "Loin", "municipality": elsewhere})
    _service(third, pg, "Banque alimentaire")
    assert _names(ptp_client.get(DIRECTORY, {"need": "childcare"})) == ["Halte-garderie"]
    assert _names(ptp_client.get(DIRECTORY, {"municipality": here.code})) == [
        "Cuisine collective",
        "Friperie",
        "Halte-garderie",
    ]
    assert _names(ptp_client.get(DIRECTORY, {"language": "FR"})) == ["Halte-garderie"]
    assert food.name in _names(ptp_client.get(DIRECTORY))


def test_list_query_count_does_not_grow_with_rows(org, pg, ptp_client):
    partner = _partner(org, pg)
    _service(partner, pg, "Premier")
    ptp_client.get(DIRECTORY)
    with CaptureQueriesContext(connection) as few:
        assert ptp_client.get(DIRECTORY).status_code == 200
    for number in range(12):
        _service(_partner(org, pg, name=f"Partenaire {number}"), pg, f"Service {number}")
    with CaptureQueriesContext(connection) as many:
        response = ptp_client.get(DIRECTORY)
    assert len(_names(response)) == 13
    assert len(many) == len(few)


def test_create_partner_service_and_location_are_audited(org, ptp, ptp_client):
    response = ptp_client.post(
        reverse("partners:new"), {"name": "CLSC", "description": "Santé", "mandate": "regional"}
    )
    partner = Partner.objects.for_org(org).get()
    assert response.status_code == 302
    ptp_client.post(
        reverse("partners:service_new", kwargs={"uuid": partner.uuid}),
        {
            "name": "Halte-garderie",
            "status": "active",
            "needs": ["childcare", "parent_child"],
            "languages": "fr, en, arabe",
            "minimum_age": "0",
            "maximum_age": "5",
            "last_verified_on": "2026-11-01",
        },
    )
    service = Service.objects.get(partner=partner)
    assert service.needs == ["childcare", "parent_child"]
    assert [lang.get("code") or lang["name"] for lang in service.languages] == ["fr", "en", "arabe"]
    response = ptp_client.post(
        reverse("partners:location_new", kwargs={"uuid": partner.uuid}),
        {
            "location_type": "physical",
            "address_1": "12 rue Principale",
            "municipality": org.municipalities.get().code,
            "postal_code": "J0K 1B0",
            "state_province": "QC",
            "country": "CA",
            "services": [str(service.uuid)],
        },
    )
    assert response.status_code == 302
    assert list(partner.locations.get().services.all()) == [service]
    actions = set(AuditEvent.objects.for_org(org).values_list("action", flat=True))
    assert {"partner.created", "partner.service.created", "partner.location.created"} <= actions
    # What the forms made is valid HSDS once exported.
    exported = services.export_documents(ptp, org, Partner.objects.for_org(org), fmt="json")
    assert not hsds.validate_documents(exported).issues
    [address] = exported[0]["locations"][0]["addresses"]
    assert address["city"] == "Saint-Côme" and address["country"] == "CA"


def test_bad_service_input_shows_errors_and_saves_nothing(org, pg, ptp_client):
    partner = _partner(org, pg)
    url = reverse("partners:service_new", kwargs={"uuid": partner.uuid})
    response = ptp_client.post(
        url, {"name": "", "status": "open", "minimum_age": "12", "maximum_age": "5"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "status", "maximum_age"}
    html = response.content.decode()
    for name in ("name", "status", "maximum_age"):
        assert f'id="id_{name}_error"' in html, name  # the message sits with its field
    assert not Service.objects.filter(partner=partner).exists()


def test_outsider_gets_404_on_this_organizations_entries(org, pg, outsider_client):
    partner = _partner(org, pg)
    service = _service(partner, pg, "Halte-garderie")
    for url in (
        reverse("partners:detail", kwargs={"uuid": partner.uuid}),
        reverse("partners:edit", kwargs={"uuid": partner.uuid}),
        reverse("partners:service_edit", kwargs={"uuid": service.uuid}),
    ):
        assert outsider_client.get(url).status_code == 404
    assert _names(outsider_client.get(DIRECTORY)) == []


def test_sharing_with_a_community_shows_the_entry_read_only(
    org, other_org, pg, pg_client, outsider_client
):
    community = make_community(org, other_org)
    partner = _partner(org, pg)
    service = _service(partner, pg, "Halte-garderie")
    response = pg_client.post(
        reverse("partners:share", kwargs={"uuid": partner.uuid}), {"community": community.uuid}
    )
    assert response.status_code == 302
    detail = reverse("partners:detail", kwargs={"uuid": partner.uuid})
    assert outsider_client.get(detail).status_code == 200
    assert _names(outsider_client.get(DIRECTORY, {"q": "garderie"})) == ["Halte-garderie"]
    for url in (
        reverse("partners:edit", kwargs={"uuid": partner.uuid}),
        reverse("partners:share", kwargs={"uuid": partner.uuid}),
        reverse("partners:service_new", kwargs={"uuid": partner.uuid}),
        reverse("partners:service_edit", kwargs={"uuid": service.uuid}),
    ):
        assert outsider_client.get(url).status_code == 403, url
    assert "partner.shared" in AuditEvent.objects.for_org(org).values_list("action", flat=True)


def test_share_refuses_a_community_the_organization_is_not_in(org, other_org, pg, pg_client):
    foreign = make_community(other_org, name="Table ailleurs")
    partner = _partner(org, pg)
    response = pg_client.post(
        reverse("partners:share", kwargs={"uuid": partner.uuid}), {"community": foreign.uuid}
    )
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.shared_with is None


def _upload(name, content):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_import_with_errors_writes_nothing_and_shows_the_report(org, pg_client):
    document = {
        "id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
        "name": "Maison",
        "description": "x",
        "services": [{"id": "not-a-uuid", "name": "Halte", "status": "open"}],
        "locations": [{"id": "3a19ff88-4620-4d17-9830-ac1d859eb5d5"}],
    }
    response = pg_client.post(
        reverse("partners:import"), {"file": _upload("d.json", json.dumps(document).encode())}
    )
    assert response.status_code == 200
    rows = {(i.table, i.row, i.field) for i in response.context["issues"]}
    assert rows == {
        ("service", 1, "id"),
        ("service", 1, "status"),
        ("location", 1, "location_type"),
    }
    assert "location_type" in response.content.decode()
    assert not Partner.objects.for_org(org).exists()


def test_import_then_export_the_official_example(org, pg_client):
    content = shared_file("data", "hsds-3.0", "examples", "organization_full.json").read_bytes()
    response = pg_client.post(reverse("partners:import"), {"file": _upload("org.json", content)})
    assert response.context["counts"]["partners_created"] == 1
    partner = Partner.objects.for_org(org).get()
    page = pg_client.get(reverse("partners:detail", kwargs={"uuid": partner.uuid}))
    assert "MyCity Civic Center" in page.content.decode()
    assert partner.services.get().name in _names(pg_client.get(DIRECTORY))
    exported = json.loads(pg_client.get(reverse("partners:export_json")).content)
    assert [d["id"] for d in exported] == [json.loads(content)["id"]]
    archive = zipfile.ZipFile(io.BytesIO(pg_client.get(reverse("partners:export_csv")).content))
    assert "services.csv" in archive.namelist()
    actions = set(AuditEvent.objects.for_org(org).values_list("action", flat=True))
    assert {"partner.directory.imported", "partner.directory.exported"} <= actions


def test_import_the_official_csv_package_as_a_zip(org, pg_client):
    folder = shared_file("data", "hsds-3.0", "examples", "csv")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, f"csv/{path.name}")
    response = pg_client.post(
        reverse("partners:import"), {"file": _upload("hsds.zip", buffer.getvalue())}
    )
    assert response.context["issues"] == []
    assert response.context["counts"]["services_created"] == 1
    assert Service.objects.filter(partner__organization=org).count() == 1


def test_a_file_that_is_not_hsds_is_refused_with_a_message(org, pg_client):
    response = pg_client.post(reverse("partners:import"), {"file": _upload("x.zip", b"PK nope")})
    assert response.context["format_error"]
    assert not Partner.objects.for_org(org).exists()
