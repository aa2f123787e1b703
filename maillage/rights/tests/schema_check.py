"""A small checker for the part of JSON Schema the shipped schema uses.

``jsonschema`` is not a dependency of Maillage; this covers ``type`` (one or several),
``enum``, ``required``, ``properties``, ``additionalProperties: false``, ``items``,
``maxItems``, ``minimum``/``maximum``, ``pattern`` and local ``$ref``. A keyword it does not
know fails loudly, so that the schema cannot grow beyond what the test really checks.
"""

from __future__ import annotations

import re

KNOWN = {
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "enum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "maxItems",
    "minimum",
    "maximum",
    "pattern",
}
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _is(value, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def errors(instance, schema: dict, root: dict | None = None, path: str = "$") -> list[str]:
    root = root or schema
    unknown = set(schema) - KNOWN
    assert not unknown, f"schema keyword(s) the checker does not know: {unknown}"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(instance, root["$defs"][name], root, path)
    found = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(instance, t) for t in types):
            return [f"{path}: {instance!r} is not of type {types}"]
    if "enum" in schema and instance not in schema["enum"]:
        found.append(f"{path}: {instance!r} not in {schema['enum']}")
    if isinstance(instance, str) and not re.search(schema.get("pattern", ""), instance):
        found.append(f"{path}: {instance!r} does not match {schema['pattern']}")
    if isinstance(instance, int) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            found.append(f"{path}: {instance} < {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            found.append(f"{path}: {instance} > {schema['maximum']}")
    if isinstance(instance, dict):
        for name in schema.get("required", ()):
            if name not in instance:
                found.append(f"{path}: {name} is missing")
        properties = schema.get("properties", {})
        for name, value in instance.items():
            if name in properties:
                found += errors(value, properties[name], root, f"{path}.{name}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{path}: {name} is not described by the schema")
    if isinstance(instance, list):
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            found.append(f"{path}: more than {schema['maxItems']} items")
        for index, item in enumerate(instance):
            found += errors(item, schema.get("items", {}), root, f"{path}[{index}]")
    return found
