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
    service = Service.objects.across_organizations("test").get(partner=partner)
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
    assert not Service.objects.across_organizations("test").filter(partner=partner).exists()


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
    assert (
        Service.objects.across_organizations("test").filter(partner__organization=org).count() == 1
    )


def test_a_file_that_is_not_hsds_is_refused_with_a_message(org, pg_client):
    response = pg_client.post(reverse("partners:import"), {"file": _upload("x.zip", b"PK nope")})
    assert response.context["form"].errors["file"]
    assert not Partner.objects.for_org(org).exists()


# ---------------------------------------------------------------------------
# Deleting entries


def test_deleting_a_service_and_a_location_asks_first_then_is_audited(org, pg, ptp_client):
    partner = _partner(org, pg)
    service = _service(partner, pg, "Halte-garderie")
    location = services.create_location(pg, partner, {"name": "Local"}, [service])
    url = reverse("partners:service_delete", kwargs={"uuid": service.uuid})
    page = ptp_client.get(url)
    assert page.status_code == 200
    assert "Halte-garderie" in page.content.decode()
    assert (
        Service.objects.across_organizations("test").filter(pk=service.pk).exists()
    )  # GET removes nothing

    response = ptp_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:detail", kwargs={"uuid": partner.uuid})
    assert not Service.objects.across_organizations("test").filter(pk=service.pk).exists()
    response = ptp_client.post(reverse("partners:location_delete", kwargs={"uuid": location.uuid}))
    assert response.status_code == 302
    assert not partner.locations.exists()
    events = AuditEvent.objects.for_org(org).filter(action__endswith=".deleted")
    assert {(e.action, e.object_uuid) for e in events} == {
        ("partner.service.deleted", service.uuid),
        ("partner.location.deleted", location.uuid),
    }


def test_deleting_a_partner_removes_its_services_and_locations(org, pg, pg_client):
    partner = _partner(org, pg)
    service = _service(partner, pg, "Halte-garderie")
    services.create_location(pg, partner, {"name": "Local"}, [service])
    url = reverse("partners:delete", kwargs={"uuid": partner.uuid})
    page = pg_client.get(url).content.decode()
    assert "Halte-garderie" in page and "Local" in page

    response = pg_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == DIRECTORY
    assert not Partner.objects.for_org(org).exists()
    assert not Service.objects.across_organizations("test").filter(pk=service.pk).exists()
    assert (
        AuditEvent.objects.for_org(org)
        .filter(action="partner.deleted", object_uuid=partner.uuid)
        .exists()
    )


def test_a_service_with_referrals_is_not_deleted(org, pg, ptp, ptp_client, settings):
    from maillage.testing.builders import make_family
    from maillage.testing.builders.referrals import make_referral

    partner = _partner(org, pg)
    service = _service(partner, pg, "Halte-garderie")
    make_referral(make_family(org, ptp), ptp, service=service)
    message = "This service has referrals: mark it inactive or defunct instead."
    client = ptp_client
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # asserted in the source language

    response = client.post(reverse("partners:service_delete", kwargs={"uuid": service.uuid}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Service.objects.across_organizations("test").filter(pk=service.pk).exists()

    response = client.post(reverse("partners:delete", kwargs={"uuid": partner.uuid}))
    assert response.status_code == 200
    assert response.context["protected_message"]
    assert Partner.objects.for_org(org).filter(pk=partner.pk).exists()
    assert not AuditEvent.objects.for_org(org).filter(action__endswith=".deleted").exists()


def test_deleting_is_refused_to_outsiders_and_on_shared_entries(
    org, other_org, pg, outsider_client
):
    partner = _partner(org, pg)
    service = _service(partner, pg, "Halte-garderie")
    location = services.create_location(pg, partner, {"name": "Local"})
    urls = [
        reverse("partners:delete", kwargs={"uuid": partner.uuid}),
        reverse("partners:service_delete", kwargs={"uuid": service.uuid}),
        reverse("partners:location_delete", kwargs={"uuid": location.uuid}),
    ]
    for url in urls:
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url).status_code == 404, url
    services.share_partner(pg, partner, make_community(org, other_org))
    for url in urls:
        assert outsider_client.get(url).status_code == 403, url
        assert outsider_client.post(url).status_code == 403, url
    assert Service.objects.across_organizations("test").filter(pk=service.pk).exists()
    assert partner.locations.filter(pk=location.pk).exists()


# ---------------------------------------------------------------------------
# Phones, required documents and service areas in the forms


def _partner_post(**values):
    return {"name": "CLSC", "description": "Santé", "mandate": "local", **values}


def test_phones_are_typed_one_per_line_and_kept_in_hsds_shape(org, pg, ptp_client):
    partner = _partner(
        org,
        pg,
        phones=[
            {"id": "0d1c4bb5-5a31-4f5e-8a1f-5f8d0f6c3a10", "number": "450 555-0000", "type": "fax"}
        ],
    )
    url = reverse("partners:edit", kwargs={"uuid": partner.uuid})
    assert "450 555-0000" in ptp_client.get(url).context["form"].initial["phones"]
    response = ptp_client.post(
        url, _partner_post(phones="450 555-1234 poste 12\n\n  450 555-0000 \n1 800 555-9999")
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    first, kept, third = partner.phones
    assert {k: v for k, v in first.items() if k != "id"} == {
        "number": "450 555-1234",
        "extension": 12,
    }
    assert kept == {
        "id": "0d1c4bb5-5a31-4f5e-8a1f-5f8d0f6c3a10",
        "number": "450 555-0000",
        "type": "fax",
    }
    assert third["number"] == "1 800 555-9999" and "extension" not in third
    exported = services.export_documents(pg, org, Partner.objects.for_org(org), fmt="json")
    assert not hsds.validate_documents(exported).issues
    page = ptp_client.get(reverse("partners:detail", kwargs={"uuid": partner.uuid}))
    assert "450 555-1234" in page.content.decode()
    assert ptp_client.get(url).context["form"].initial["phones"].splitlines() == [
        "450 555-1234 poste 12",
        "450 555-0000",
        "1 800 555-9999",
    ]
    assert (
        AuditEvent.objects.for_org(org)
        .filter(action="partner.updated", changed_fields__icontains="phones")
        .exists()
    )


def test_a_wrong_phone_is_shown_next_to_the_field(org, pg, ptp_client):
    partner = _partner(org, pg)
    url = reverse("partners:edit", kwargs={"uuid": partner.uuid})
    for typed in ("450 555-1234\nnot a phone", "450 555-1234 poste douze"):
        response = ptp_client.post(url, _partner_post(phones=typed))
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"phones"}
        assert 'id="id_phones_error"' in response.content.decode()
    partner.refresh_from_db()
    assert partner.phones == []


def test_documents_and_areas_of_a_service_are_typed_one_per_line(org, pg, ptp_client):
    partner = _partner(org, pg, description="Répit")
    area = {"id": "7c0f1f38-bb43-44a4-a3c1-0a8b26bb8f6e", "name": "MRC de Matawinie"}
    extent = {"id": "3b0a2f5e-8f1c-4d1e-9b35-7f1f9a2b6c11", "extent": "POLYGON(...)"}
    service = _service(partner, pg, "Halte-garderie", service_areas=[area, extent])
    url = reverse("partners:service_edit", kwargs={"uuid": service.uuid})
    initial = ptp_client.get(url).context["form"].initial
    assert initial["service_areas"] == "MRC de Matawinie"
    response = ptp_client.post(
        url,
        {
            "name": "Halte-garderie",
            "status": "active",
            "required_documents": "Carte d'assurance maladie\n\nPreuve de résidence\n",
            "service_areas": "Saint-Côme\nMRC de Matawinie",
        },
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert [d["document"] for d in service.required_documents] == [
        "Carte d'assurance maladie",
        "Preuve de résidence",
    ]
    assert all(d["id"] for d in service.required_documents)
    # The area already there keeps its id; the one without a name (not in the form) stays.
    assert service.service_areas[1:] == [area, extent]
    assert service.service_areas[0]["name"] == "Saint-Côme"
    page = ptp_client.get(reverse("partners:detail", kwargs={"uuid": partner.uuid}))
    assert "Preuve de résidence" in page.content.decode()
    exported = services.export_documents(pg, org, Partner.objects.for_org(org), fmt="json")
    assert not hsds.validate_documents(exported).issues
