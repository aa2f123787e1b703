import pytest

from maillage.lib import env


def test_booleans_accept_the_usual_spellings():
    assert env.read_bool("X", False, {"X": "Yes"}) is True
    assert env.read_bool("X", True, {"X": "off"}) is False
    assert env.read_bool("X", True, {}) is True


def test_a_bad_boolean_names_the_variable():
    with pytest.raises(env.ConfigurationError, match="DEBUG"):
        env.read_bool("DEBUG", False, {"DEBUG": "maybe"})


def test_integers_are_checked_against_their_bounds():
    assert env.read_int("N", 30, {"N": " 45 "}, minimum=1) == 45
    with pytest.raises(env.ConfigurationError, match="SESSION_IDLE_MINUTES"):
        env.read_int("SESSION_IDLE_MINUTES", 30, {"SESSION_IDLE_MINUTES": "half an hour"})
    with pytest.raises(env.ConfigurationError, match="at least 1"):
        env.read_int("N", 30, {"N": "0"}, minimum=1)


def test_lists_drop_blanks():
    assert env.read_list("HOSTS", [], {"HOSTS": " a.org, ,b.org "}) == ["a.org", "b.org"]
    assert env.read_list("HOSTS", ["x"], {}) == ["x"]


def test_choices_are_enforced():
    with pytest.raises(env.ConfigurationError, match="LEVEL must be one of"):
        env.read_choice("LEVEL", "INFO", {"INFO", "DEBUG"}, {"LEVEL": "LOUD"})


def test_secrets_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n", encoding="utf-8")
    assert env.read_str("SECRET_KEY", None, {"SECRET_KEY_FILE": str(secret)}) == "from-a-file"
    with pytest.raises(env.ConfigurationError, match="SECRET_KEY_FILE"):
        env.read_str("SECRET_KEY", None, {"SECRET_KEY_FILE": str(tmp_path / "missing")})
