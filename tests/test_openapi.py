"""The committed OpenAPI document matches the code, validates, and documents every operation."""

import json
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from api.openapi_check import canonical, generated_spec

SPEC_FILE = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def spec():
    return generated_spec()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_committed_spec_matches_the_code(spec):
    assert SPEC_FILE.read_text() == canonical(spec), "run `make openapi` and commit openapi/openapi.json"


def test_spec_is_valid_openapi(spec):
    validate(spec)


def test_served_spec_is_the_generated_one(client, spec):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json["paths"].keys() == spec["paths"].keys()


def test_docs_page_is_served_with_local_assets(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "https://" not in html and "//cdn" not in html
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/docs/assets/swagger-ui.css").status_code == 200
    assert client.get("/api/docs/init.js").status_code == 200


def test_security_schemes_are_declared(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert "clientCredentials" in schemes["clinicOAuth"]["flows"]


def test_every_operation_is_fully_documented(spec):
    problems = []
    operation_ids = set()
    for name, operation in operations(spec):
        for key in ("operationId", "summary", "tags", "security", "responses"):
            if not operation.get(key) and key != "security":
                problems.append(f"{name}: no {key}")
        if "security" not in operation:
            problems.append(f"{name}: no explicit security")
        if operation.get("operationId") in operation_ids:
            problems.append(f"{name}: duplicate operationId")
        operation_ids.add(operation.get("operationId"))
        errors = [code for code in operation["responses"] if code.startswith("4")]
        if not errors:
            problems.append(f"{name}: no 4xx responses documented")
    assert problems == []


def _resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        *_, kind, name = node["$ref"].split("/")
        node = spec["components"][kind][name]
    return node


def _has_example(spec, schema, depth=0) -> bool:
    schema = _resolve(spec, schema)
    if "allOf" in schema:
        return all(_has_example(spec, part, depth + 1) for part in schema["allOf"])
    if "anyOf" in schema:  # nullable nested object: the referenced schema carries the examples
        return _has_example(spec, schema["anyOf"][0], depth + 1)
    if "example" in schema or depth > 8:
        return "example" in schema
    properties = schema.get("properties", {})
    if schema.get("type") == "array":
        return _has_example(spec, schema["items"], depth + 1)
    return bool(properties) and all(
        _has_example(spec, prop, depth + 1) or _resolve(spec, prop).get("type") in ("object", "array")
        for prop in properties.values()
    )


def test_every_request_and_response_body_has_examples(spec):
    missing = []
    for name, operation in operations(spec):
        bodies = []
        if "requestBody" in operation:
            bodies.append(("request", operation["requestBody"]["content"]))
        for code, response in operation["responses"].items():
            response = _resolve(spec, response)
            if "content" in response:
                bodies.append((code, response["content"]))
        for label, content in bodies:
            for media in content.values():
                if "example" not in media and not _has_example(spec, media["schema"]):
                    missing.append(f"{name} {label}")
    assert missing == []


def test_errors_are_documented_as_problem_json(spec):
    for name, operation in operations(spec):
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")):
                content = _resolve(spec, response)["content"]
                assert list(content) == ["application/problem+json"], f"{name} {code}"


def test_spec_file_is_canonical_json():
    assert json.loads(SPEC_FILE.read_text())["openapi"].startswith("3.")
