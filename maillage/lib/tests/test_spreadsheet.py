"""Formula neutralization: every dangerous text is made inert, and comes back unchanged."""

from hypothesis import given
from hypothesis import strategies as st

from maillage.lib.spreadsheet import TRIGGERS, excel_csv, neutralize, restore


def test_formulas_get_an_apostrophe():
    assert (
        neutralize('=HYPERLINK("http://x.example", "clic")')
        == '\'=HYPERLINK("http://x.example", "clic")'
    )
    assert neutralize("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralize("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert neutralize("@SUM(A1:A2)") == "'@SUM(A1:A2)"
    assert neutralize("\t=1+1") == "'\t=1+1"


def test_a_text_that_already_begins_with_an_apostrophe_comes_back_whole():
    assert neutralize("'=1") == "''=1"
    assert restore("''=1") == "'=1"
    assert neutralize("'bonjour") == "'bonjour" == restore("'bonjour")


def test_numbers_phones_and_plain_text_are_left_alone():
    for value in ("-12.5", "+1 450 555-1234", "(450) 555-1234", "Halte-garderie", "", 12, None):
        assert neutralize(value) == value


@given(st.sampled_from(TRIGGERS), st.text())
def test_nothing_dangerous_survives_and_the_round_trip_is_exact(first, rest):
    text = first + rest
    written = neutralize(text)
    assert not written.startswith(TRIGGERS) or (written == text and text[1:2].isdigit())
    assert restore(written) == text


@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "1", "a", " ", "\t"])))
def test_restore_changes_only_what_neutralize_wrote(text):
    assert restore(neutralize(text)) == text


def test_a_csv_for_excel_is_utf8_with_a_bom_crlf_lines_and_inert_cells():
    content = excel_csv(
        [("note", "n", "vide"), ("=1+1", -3, None), ("Élise, « ici »", "-12.5", "")]
    )
    assert content == (
        b"\xef\xbb\xbfnote,n,vide\r\n'=1+1,-3,\r\n" + '"Élise, « ici »",-12.5,\r\n'.encode()
    )
