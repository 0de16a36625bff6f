"""Request parsing for every view: webargs' FlaskParser, held to what the OpenAPI document says.

- A view that reads a JSON body gets one: a missing body, or one sent as another media type, is
  a 422, not an empty object (every documented request body is required).
- JSON values have the JSON type their field documents: `1` is not a boolean, and `"5"` or `5.5`
  is not an integer (marshmallow alone would coerce them).
- No string carries a NUL character, which PostgreSQL text cannot store: 422 wherever it is.

Installed as flask-smorest's parser when `api` is imported, before any blueprint declares a view.
"""

import marshmallow as ma
from flask_smorest import Blueprint, abort
from webargs import core
from webargs.flaskparser import FlaskParser

NUL = "\x00"
NUL_MESSAGE = "Remove the NUL character (\\u0000)."


class PeerwayParser(FlaskParser):
    # An unknown query parameter is a mistake to report, as an unknown JSON field is.
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }

    def load_json(self, req, schema):
        data = super().load_json(req, schema)
        if data is core.missing:
            abort(422, errors={"_schema": ["Send a JSON body (Content-Type: application/json)."]})
        errors = nul_errors(data) or json_type_errors(schema, data)
        if errors:
            abort(422, errors=errors)
        return data

    def load_querystring(self, req, schema):
        _refuse_nul_in(req.args)
        return super().load_querystring(req, schema)

    def load_form(self, req, schema):
        _refuse_nul_in(req.form)
        return super().load_form(req, schema)


def _refuse_nul_in(multidict) -> None:
    errors = {key: [NUL_MESSAGE] for key, value in multidict.items(multi=True) if NUL in key or NUL in value}
    if errors:
        abort(422, errors=errors)


def nul_errors(value, path: str = "") -> dict[str, list[str]]:
    """Where NUL characters are in a JSON document, keyed by dotted path."""
    errors: dict[str, list[str]] = {}
    if isinstance(value, str):
        if NUL in value:
            errors[path or "_schema"] = [NUL_MESSAGE]
    elif isinstance(value, dict):
        for key, item in value.items():
            errors.update(nul_errors(key, path or "_schema") if NUL in key else {})
            errors.update(nul_errors(item, f"{path}.{key}" if path else str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            errors.update(nul_errors(item, f"{path}.{index}" if path else str(index)))
    return errors


def json_type_errors(schema: ma.Schema, data, path: str = "") -> dict[str, list[str]]:
    """Values whose JSON type differs from their field's: marshmallow would coerce them."""
    if not isinstance(data, dict):
        return {}  # marshmallow itself answers "Invalid input type"
    errors: dict[str, list[str]] = {}
    for name, field in schema.fields.items():
        key = field.data_key or name
        if field.dump_only or key not in data:
            continue
        errors.update(_field_errors(field, data[key], f"{path}.{key}" if path else key))
    return errors


def _field_errors(field: ma.fields.Field, value, path: str) -> dict[str, list[str]]:
    if value is None:
        return {}  # allow_none is marshmallow's to judge
    if isinstance(field, ma.fields.Boolean) and not isinstance(value, bool):
        return {path: ["Not a valid boolean."]}
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(field, ma.fields.Integer) and not (is_number and isinstance(value, int)):
        return {path: ["Not a valid integer."]}
    if isinstance(field, ma.fields.Number) and not is_number:
        return {path: ["Not a valid number."]}
    if isinstance(field, ma.fields.Nested) and isinstance(value, dict):
        return json_type_errors(field.schema, value, path)
    if isinstance(field, ma.fields.List) and isinstance(value, list):
        errors: dict[str, list[str]] = {}
        for index, item in enumerate(value):
            errors.update(_field_errors(field.inner, item, f"{path}.{index}"))
        return errors
    return {}


Blueprint.ARGUMENTS_PARSER = PeerwayParser()
