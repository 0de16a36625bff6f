"""Generate the OpenAPI document from the code, and compare it with the committed one."""

import json
import sys
from pathlib import Path

from api import create_app
from api.config import TestConfig


def generated_spec() -> dict:
    app = create_app(TestConfig(database_url="sqlite://"))
    with app.app_context():
        return app.extensions["smorest_api"].spec.to_dict()


def canonical(spec: dict) -> str:
    return json.dumps(spec, indent=2, sort_keys=True) + "\n"


def main(path: str) -> int:
    committed = Path(path).read_text() if Path(path).exists() else ""
    if committed != canonical(generated_spec()):
        print(f"{path} is out of date with the code: run `make openapi` and commit it.")
        return 1
    print(f"{path} matches the code.")
    return 0


def write(path: str) -> int:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(canonical(generated_spec()))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--write":
        sys.exit(write(args[1] if len(args) > 1 else "openapi/openapi.json"))
    sys.exit(main(args[0] if args else "openapi/openapi.json"))
