"""The bridge, visible: the partner network and the flow from needs to outcomes."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.collaboration.forms import twelve_months_back
from maillage.lib.svg import flows, networks
from maillage.referrals.models import Referral
from maillage.testing.builders import make_family
from maillage.testing.builders.referrals import make_service

from .builders import make_collaboration, make_partner, make_referral_at, make_referral_flow

URL = reverse("collaboration:bridge")
SVG = "{http://www.w3.org/2000/svg}"


def test_flow_numbers_match_the_referrals_by_need_and_outcome(ptp_client, org, ptp, english):
    make_referral_flow(org, ptp)

    context = english(ptp_client).get(URL).context
    assert context["total"] == 6
    assert sorted(context["need_rows"]) == [
        ("Child development", "CLSC du Nord", 1),
        ("Childcare and halte-garderie", "CLSC du Nord", 2),
        ("Food", "Banque alimentaire", 2),
        ("Housing", "Office municipal", 1),
    ]
    headers_count = len(context["outcome_headers"])
    assert headers_count == 5
    outcomes = {label: counts for label, counts, _total in context["outcome_rows"]}
    # received, not used, refused, withdrawn, still open
    assert outcomes == {
        "Banque alimentaire": [1, 0, 1, 0, 0],
        "CLSC du Nord": [1, 1, 0, 0, 1],
        "Office municipal": [0, 0, 0, 1, 0],
    }
    assert sorted(context["referral_rows"]) == [
        ("Banque alimentaire", 2),
        ("CLSC du Nord", 3),
        ("Office municipal", 1),
    ]


def test_the_page_never_shows_a_family_code_and_draws_without_style(ptp_client, org, ptp):
    family, other = make_referral_flow(org, ptp)
    make_collaboration(
        org, ptp, connected=[make_partner(org, "CPE Les Lucioles"), make_partner(org, "Maison")]
    )

    page = ptp_client.get(URL).content.decode()

    assert family.code not in page and other.code not in page
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img" aria-labelledby=' in svg and "<title id=" in svg
        assert "style=" not in svg and "<script" not in svg


def test_other_organizations_referrals_are_not_counted(outsider_client, org, ptp):
    make_referral_flow(org, ptp)

    response = outsider_client.get(URL)

    assert response.context["total"] == 0
    assert "CLSC du Nord" not in response.content.decode()


def test_the_layout_is_deterministic_and_in_the_drawing():
    partners = {("partner", 2): ("B", 3), ("partner", 1): ("A", 1), ("typed", "c"): ("C", 0)}
    connections = {(("partner", 1), ("partner", 2)): 2}

    first = networks.layout(partners, connections, centre="Maison des familles")
    second = networks.layout(
        dict(reversed(partners.items())), connections, centre="Maison des familles"
    )

    assert [(n.label, n.x, n.y) for n in first.nodes] == [(n.label, n.x, n.y) for n in second.nodes]
    assert [n.label for n in first.nodes] == ["A", "B", "C"]
    # The first partner sits straight above the centre.
    top = first.nodes[0]
    assert (top.x, top.y) == pytest.approx((first.centre_x, first.centre_y - 170))
    for node in first.nodes:
        assert 0 <= node.x <= first.width and 0 <= node.y <= first.height
    kinds = sorted(edge.kind for edge in first.edges)
    assert kinds == ["connection", "referral", "referral"]


def test_sankey_band_widths_are_proportional_to_counts():
    drawing = flows.layout(
        [[("food", "Food")], [("p", "Pantry")], [("received", "Received"), ("open", "Open")]],
        {(0, "food", "p"): 4, (1, "p", "received"): 3, (1, "p", "open"): 1},
        gap=0,
    )

    assert drawing.total == 4
    received, still_open = drawing.columns[2]
    assert received.height == 3 * still_open.height
    assert drawing.columns[0][0].height == received.height + still_open.height
    assert [band.value for band in drawing.bands] == [4, 3, 1]


def test_the_period_defaults_to_the_last_12_months(ptp_client, org, ptp):
    family = make_family(org, ptp)
    halte = make_service(org, partner_name="CLSC du Nord", name="Halte-garderie")
    recent = make_referral_at(family, ptp, halte)
    old = make_referral_at(family, ptp, need="food", partner_name="Banque alimentaire")
    today = timezone.localdate()
    Referral.objects.across_organizations("test").filter(pk=old.pk).update(
        created_on=today - datetime.timedelta(days=400)
    )
    Referral.objects.across_organizations("test").filter(pk=recent.pk).update(
        created_on=today - datetime.timedelta(days=30)
    )
    a, b, c = (make_partner(org, name) for name in ("CPE Les Lucioles", "Maison", "Loin"))
    make_collaboration(org, ptp, connected=[a, b], date=today - datetime.timedelta(days=10))
    make_collaboration(org, ptp, connected=[a, c], date=today - datetime.timedelta(days=500))

    response = ptp_client.get(URL)

    form = response.context["form"]
    assert form["start"].value() == twelve_months_back(today).isoformat()
    assert form["end"].value() == today.isoformat()
    assert response.context["total"] == 1
    assert response.context["referral_rows"] == [("CLSC du Nord", 1)]
    assert response.context["connection_rows"] == [("CPE Les Lucioles", "Maison", 1)]

    # Both dates emptied: since the beginning.
    everything = ptp_client.get(URL, {"start": "", "end": ""}).context
    assert everything["total"] == 2
    assert len(everything["connection_rows"]) == 2


def test_the_period_chosen_bounds_referrals_and_connections(ptp_client, org, ptp):
    family = make_family(org, ptp)
    referral = make_referral_at(family, ptp, make_service(org))
    Referral.objects.across_organizations("test").filter(pk=referral.pk).update(
        created_on=datetime.date(2025, 6, 15)
    )
    a, b = make_partner(org, "CPE Les Lucioles"), make_partner(org, "Maison")
    make_collaboration(org, ptp, connected=[a, b], date=datetime.date(2025, 6, 30))

    june = ptp_client.get(URL, {"start": "2025-06-15", "end": "2025-06-30"}).context
    assert june["total"] == 1 and len(june["connection_rows"]) == 1
    july = ptp_client.get(URL, {"start": "2025-07-01", "end": ""}).context
    assert july["total"] == 0 and july["connection_rows"] == []
    before = ptp_client.get(URL, {"start": "", "end": "2025-06-14"}).context
    assert before["total"] == 0 and before["connection_rows"] == []


def test_a_wrong_period_shows_the_error_next_to_the_field(ptp_client, org, ptp):
    make_referral_flow(org, ptp)

    response = ptp_client.get(URL, {"start": "2026-05-01", "end": "2026-04-01"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"end"}
    assert 'id="id_end_error"' in response.content.decode()
    assert "total" not in response.context
    assert "CLSC du Nord" not in response.content.decode()


def test_twelve_months_back_handles_the_29th_of_february():
    assert twelve_months_back(datetime.date(2026, 11, 22)) == datetime.date(2025, 11, 23)
    assert twelve_months_back(datetime.date(2028, 2, 29)) == datetime.date(2027, 3, 1)


def test_a_long_partner_name_is_cut_at_its_end_with_its_whole_name_in_a_title(ptp_client, org, ptp):
    name = "Centre intégré universitaire de santé et de services sociaux de la Côte-Nord"
    make_referral_at(
        make_family(org, ptp), ptp, make_service(org, partner_name=name, name="Accueil")
    )

    page = ptp_client.get(URL).content.decode()

    network = re.search(r'<svg[^>]*class="diagram diagram--network".*?</svg>', page, flags=re.S)
    root = ET.fromstring(network.group(0))  # noqa: S314 - our own page
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert any(text.startswith("Centre intégré") and text.endswith("…") for text in texts)
    assert name in [title.text for title in root.iter(f"{SVG}title")]
