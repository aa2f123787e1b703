"""Strict readers for configuration taken from the environment.

A bad value stops the start with a message naming the variable, rather than
running with a guess. Every reader accepts a ``NAME_FILE`` variant that points
to a file holding the value (for secrets mounted by an orchestrator).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigurationError(Exception):
    """Raised when an environment variable holds a value we cannot use."""


def _raw(name: str, environ: Mapping[str, str]) -> str | None:
    file_name = environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(
                f"{name}_FILE points to {file_name!r}, which cannot be read: {exc.strerror}."
            ) from exc
    return environ.get(name)


def read_str(name: str, default: str | None = None, environ: Mapping[str, str] = os.environ):
    value = _raw(name, environ)
    return default if value is None else value


def read_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    value = _raw(name, environ)
    # An empty value means "not set": it never silently turns a protection off.
    if value is None or not value.strip():
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(
        f"{name} must be a boolean (true/false, 1/0, yes/no, on/off), not {value!r}."
    )


def read_int(
    name: str,
    default: int,
    environ: Mapping[str, str] = os.environ,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from exc
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}, not {number}.")
    if maximum is not None and number > maximum:
        raise ConfigurationError(f"{name} must be at most {maximum}, not {number}.")
    return number


def read_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """A comma-separated list; blanks around items are ignored, empty items dropped."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def read_choice(
    name: str,
    default: str,
    choices: set[str],
    environ: Mapping[str, str] = os.environ,
    upper: bool = False,
) -> str:
    """One of ``choices``; ``upper`` accepts any case (log levels)."""
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    value = value.strip().upper() if upper else value.strip()
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ConfigurationError(f"{name} must be one of {allowed}; got {value!r}.")
    return value
