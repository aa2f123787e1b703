"""HSDS 3.0 import and export: the specification's own examples go in and come back out."""

import io
import json
import zipfile

import pytest

from maillage.partners import hsds
from maillage.partners.models import Location, Partner, Service
from maillage.partners.services import export_documents, import_documents
from maillage.testing.shared import shared_file

ORG_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def _example(name):
    return json.loads(shared_file("data", "hsds-3.0", "examples", name).read_text())


def _export(pg, org):
    return export_documents(pg, org, Partner.objects.for_org(org), fmt="json")


def test_code_rules_agree_with_the_schema_files():
    schema_dir = shared_file("data", "hsds-3.0", "schema")
    for entity, rules in hsds.RULES.items():
        derived = hsds.rules_from_schema(schema_dir, entity)
        assert rules["required"] == derived["required"], entity
        assert rules["enum"] == {k: derived["enum"][k] for k in rules["enum"]}, entity
        for name, (kind, fmt) in rules["types"].items():
            if (entity, name) == ("organization", "services"):
                continue  # nested in the official examples, not declared by organization.json
            assert derived["types"][name] == (kind, fmt), (entity, name)


def test_organization_full_round_trip(org, pg):
    document = _example("organization_full.json")
    report, counts = import_documents(pg, org, [document])
    assert not report, report.issues
    assert counts["partners_created"] == 1
    assert counts["services_created"] == len(document["services"])
    [exported] = _export(pg, org)
    assert hsds.normalized(exported) == hsds.normalized(document)


def test_organization_list_round_trip_and_reimport_updates(org, pg):
    page = _example("organization_list.json")
    documents = hsds.documents_from_json(page)
    report, _counts = import_documents(pg, org, documents)
    assert not report, report.issues
    report, counts = import_documents(pg, org, documents)
    assert counts["partners_created"] == 0 and counts["partners_updated"] == len(documents)
    assert Partner.objects.for_org(org).count() == len(documents)
    exported = {d["id"]: hsds.normalized(d) for d in _export(pg, org)}
    assert exported == {d["id"]: hsds.normalized(d) for d in documents}


def _csv_tables(folder):
    tables = {}
    for name, entity in hsds.CSV_TABLES.items():
        tables[entity] = hsds._csv_rows((folder / name).read_text(encoding="utf-8-sig"), entity)
    return {entity: [row for _line, row in rows] for entity, rows in tables.items()}


def _comparable(tables):
    return {
        entity: sorted(
            (json.dumps({k: str(v) for k, v in row.items() if v not in ("", None)}, sort_keys=True))
            for row in rows
        )
        for entity, rows in tables.items()
    }


def read_csv_folder(folder):
    """The CSV package of the specification's examples, read as an upload's files."""
    files = {
        name: (folder / name).read_text(encoding="utf-8-sig")
        for name in [*hsds.CSV_TABLES, *hsds.NEEDS_TABLES]
        if (folder / name).exists()
    }
    return hsds.read_csv_package(files)


def test_csv_package_round_trip(org, pg):
    folder = shared_file("data", "hsds-3.0", "examples", "csv")
    documents, rows, report = read_csv_folder(folder)
    report.issues += hsds.validate_documents(
        documents, row_numbers=rows, table_names=hsds.ENTITY_TABLE
    ).issues
    assert not report, report.issues
    report, counts = import_documents(pg, org, documents, report=report)
    assert counts["services_created"] == 1 and counts["locations_created"] == 1
    service = Service.objects.across_organizations("test").get(partner__organization=org)
    assert list(service.locations.all()) == list(
        Location.objects.across_organizations("test").filter(partner__organization=org)
    )

    archive = zipfile.ZipFile(
        io.BytesIO(hsds.tables_to_zip(hsds.documents_to_tables(_export(pg, org))))
    )
    exported = {}
    for name, entity in hsds.CSV_TABLES.items():
        exported[entity] = [
            row for _line, row in hsds._csv_rows(archive.read(name).decode(), entity)
        ]
    assert _comparable(exported) == _comparable(_csv_tables(folder))


BROKEN = {
    "id": ORG_ID,
    "name": "Maison des familles",
    "description": "Un organisme",
    "services": [
        {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "Halte", "status": "active"},
        {"id": "not-a-uuid", "name": "Cuisine collective", "status": "open"},
    ],
    "locations": [{"id": "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "name": "Local"}],
}


def test_broken_json_writes_nothing_and_reports_each_error(org, pg):
    documents, report = hsds.parse_and_validate("x.json", json.dumps(BROKEN).encode())
    found = {(i.table, i.row, i.field) for i in report.issues}
    assert found == {
        ("service", 2, "id"),
        ("service", 2, "status"),
        ("location", 1, "location_type"),
    }
    report, counts = import_documents(pg, org, documents)
    assert report and counts == {}
    assert not Partner.objects.for_org(org).exists()
    assert (
        not Service.objects.across_organizations("test").filter(partner__organization=org).exists()
    )


def test_broken_csv_reports_file_and_line(org, pg):
    folder = shared_file("data", "hsds-3.0", "examples", "csv")
    files = {name: (folder / name).read_text() for name in hsds.CSV_TABLES}
    files["services.csv"] = files["services.csv"].replace(",active,", ",open,")
    files["locations.csv"] = files["locations.csv"].replace(
        "\n3a19ff88-4620-4d17-9830-ac1d859eb5d5,physical,",
        "\n3a19ff88-4620-4d17-9830-ac1d859eb5d5,,",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"package/{name}", text)
    documents, report = hsds.parse_and_validate("package.zip", buffer.getvalue())
    found = {(i.table, i.row, i.field) for i in report.issues}
    assert found == {("services.csv", 2, "status"), ("locations.csv", 2, "location_type")}
    report, _counts = import_documents(pg, org, documents, report=report)
    assert not Partner.objects.for_org(org).exists()


def test_not_hsds_is_refused():
    with pytest.raises(hsds.HSDSFormatError):
        hsds.parse_and_validate("x.json", b"not json")


def test_duplicate_ids_and_wrong_types_are_reported():
    service = {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "Halte", "status": "active"}
    document = {
        "id": ORG_ID,
        "name": "Maison",
        "description": "x",
        "website": "javascript:alert(1)",
        "services": [service, dict(service, minimum_age="five", languages="fr")],
    }
    report = hsds.validate_documents([document])
    found = {(i.table, i.row, i.field) for i in report.issues}
    assert found == {
        ("organization", 1, "website"),
        ("service", 2, "id"),
        ("service", 2, "minimum_age"),
        ("service", 2, "languages"),
    }


def test_reimport_moves_a_service_instead_of_copying_it(org, pg):
    second = "cd09a387-91f4-4555-94ec-e799c35344cd"
    service = {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "Halte", "status": "active"}
    first_doc = {"id": ORG_ID, "name": "A", "description": "x", "services": [service]}
    second_doc = {"id": second, "name": "B", "description": "y", "services": []}
    import_documents(pg, org, [first_doc, second_doc])
    first_doc["services"], second_doc["services"] = [], [service]
    _report, counts = import_documents(pg, org, [first_doc, second_doc])
    assert counts["services_updated"] == 1 and counts["services_created"] == 0
    assert (
        Service.objects.across_organizations("test").get(partner__organization=org).partner.hsds_id
        == second
    )


def test_editing_hours_replaces_the_imported_schedules(org, pg):
    from maillage.partners.services import update_service

    import_documents(pg, org, [_example("organization_full.json")])
    service = Service.objects.across_organizations("test").get(partner__organization=org)
    update_service(pg, service, {"hours": "Lundi au vendredi, 9 h à 16 h"})
    [exported] = _export(pg, org)
    [schedule] = exported["services"][0]["schedules"]
    assert schedule["description"] == "Lundi au vendredi, 9 h à 16 h"
    assert not hsds.validate_documents([exported]).issues


def _service_with_needs(org, pg, needs):
    from maillage.testing.builders.referrals import make_service

    service = make_service(org, partner_name="CLSC des Moulins", name="Halte-garderie")
    service.partner.description = "Centre local de services communautaires"  # HSDS requires it
    service.partner.save(update_fields=["description"])
    service.needs = needs
    service.save(update_fields=["needs"])
    return service


def _reimport_elsewhere(pg, other_org, documents):
    report, _counts = import_documents(pg, other_org, documents)
    assert not report, report.issues
    return Service.objects.across_organizations("test").get(partner__organization=other_org)


def test_needs_are_exported_as_terms_of_one_taxonomy_and_come_back(org, other_org, pg):
    _service_with_needs(org, pg, ["childcare", "transport"])
    [document] = _export(pg, org)
    [service_doc] = document["services"]
    terms = [attribute["taxonomy_term"] for attribute in service_doc["attributes"]]
    assert [term["code"] for term in terms] == ["childcare", "transport"]
    assert {term["taxonomy_id"] for term in terms} == {hsds.NEEDS_TAXONOMY_ID}
    assert terms[0]["id"] == hsds.need_term_id("childcare")
    assert all(a["link_id"] == service_doc["id"] for a in service_doc["attributes"])
    # The document is valid HSDS, and another organization's directory gets the same needs.
    assert not hsds.validate_documents([document])
    assert _reimport_elsewhere(pg, other_org, [document]).needs == ["childcare", "transport"]


def test_needs_travel_in_the_csv_package_too(org, other_org, pg):
    _service_with_needs(org, pg, ["food"])
    archive_bytes = hsds.tables_to_zip(hsds.documents_to_tables(_export(pg, org)))
    names = set(zipfile.ZipFile(io.BytesIO(archive_bytes)).namelist())
    assert {"attributes.csv", "taxonomy_terms.csv", "taxonomies.csv"} <= names
    documents, report = hsds.parse_and_validate("annuaire.zip", archive_bytes)
    assert not report, report.issues
    assert _reimport_elsewhere(pg, other_org, documents).needs == ["food"]


def test_other_taxonomies_stay_as_they_came_beside_the_needs(org, pg):
    document = _example("service_full.json")
    organization = {"id": ORG_ID, "name": "Organisme", "description": "Un organisme"}
    organization["services"] = [document]
    report, _counts = import_documents(pg, org, [organization])
    assert not report, report.issues
    service = Service.objects.across_organizations("test").get(partner__organization=org)
    assert service.needs == []  # the example's term is not one of Maillage's
    service.needs = ["housing"]
    service.save(update_fields=["needs"])
    [exported] = _export(pg, org)
    attributes = exported["services"][0]["attributes"]
    assert attributes[0] == document["attributes"][0]
    assert attributes[1]["taxonomy_term"]["code"] == "housing"


def test_a_file_naming_no_need_leaves_the_tagged_needs_alone(org, pg):
    service = _service_with_needs(org, pg, ["childcare"])
    [document] = _export(pg, org)
    del document["services"][0]["attributes"]
    report, _counts = import_documents(pg, org, [document])
    assert not report, report.issues
    service.refresh_from_db()
    assert service.needs == ["childcare"]


def test_the_csv_package_carries_no_live_formula_and_reads_back_whole(org, other_org, pg):
    service = _service_with_needs(org, pg, [])
    service.description = '=HYPERLINK("http://x.example","clic")'
    service.save(update_fields=["description"])
    partner = service.partner
    partner.phones = [{"id": "5d0c8b4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f", "number": "+1 450 555-1234"}]
    partner.save(update_fields=["phones"])
    archive_bytes = hsds.tables_to_zip(hsds.documents_to_tables(_export(pg, org)))
    services_csv = zipfile.ZipFile(io.BytesIO(archive_bytes)).read("services.csv").decode()
    assert "'=HYPERLINK" in services_csv
    phones_csv = zipfile.ZipFile(io.BytesIO(archive_bytes)).read("phones.csv").decode()
    assert ",+1 450 555-1234," in phones_csv  # a phone is not a formula: left as it is
    documents, report = hsds.parse_and_validate("annuaire.zip", archive_bytes)
    assert not report, report.issues
    assert _reimport_elsewhere(pg, other_org, documents).description == service.description
