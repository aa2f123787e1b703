from decimal import Decimal

import pytest

from maillage.lib.municipal_reference import ReferenceFileError, parse_reference, region_from_label

HEADER = (
    '"mcode","munnom","mdes","regadm","divrec","mrc","admregionale","mcm",'
    '"msuperf","msupft","mpopul","mcodpos"\n'
)
ROW = (
    '"62065","Saint-Côme","Municipalité","Lanaudière (14)","Matawinie (62)",'
    '"MRC Matawinie (620)","","","169.83","164.14","2814","J0K2B0"\n'
)


def test_a_row_in_the_official_format_is_read():
    [record] = parse_reference(HEADER + ROW)
    assert record.code == "62065"
    assert record.region_code == "14"
    assert record.region_name == "Lanaudière"
    assert record.population == 2814
    assert record.land_area_km2 == Decimal("164.14")


def test_the_official_double_hyphen_becomes_an_en_dash():
    assert region_from_label("Saguenay--Lac-Saint-Jean (02)") == ("02", "Saguenay–Lac-Saint-Jean")
    assert region_from_label("not a region") is None


def test_every_bad_row_is_reported_with_its_line_and_column():
    broken = ROW.replace('"62065"', '"6206"') + ROW + ROW.replace("Lanaudière (14)", "??")
    with pytest.raises(ReferenceFileError) as caught:
        parse_reference(HEADER + broken + ROW.replace('"62065"', '"62066"').replace("2814", "x"))
    errors = {(e.line, e.column) for e in caught.value.errors}
    assert errors == {(2, "mcode"), (4, "mcode"), (5, "mpopul")}


def test_a_file_without_the_expected_columns_is_refused():
    with pytest.raises(ReferenceFileError) as caught:
        parse_reference('"code","name"\n"1","x"\n')
    assert {e.column for e in caught.value.errors} >= {"mcode", "munnom", "regadm"}
