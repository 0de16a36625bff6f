"""Crisis lines, served from a data file: no sign-in and no database needed."""

import json
from functools import lru_cache
from pathlib import Path

from flask.views import MethodView
from flask_smorest import Blueprint

from api.errors import documents_errors
from api.schemas.crisis import CrisisQuerySchema, CrisisResourcesSchema
from api.spec import NO_DATABASE

CRISIS_LINES_FILE = Path(__file__).resolve().parent.parent / "data" / "crisis_lines.json"

blp = Blueprint(
    "crisis",
    __name__,
    url_prefix="/api/v1/resources/crisis",
    description="Crisis lines, public and always available",
)


@lru_cache(maxsize=1)
def crisis_data() -> dict:
    return json.loads(CRISIS_LINES_FILE.read_text())


def crisis_resources(region: str | None) -> dict:
    """Lines for `region` (all when None), the local emergency number and a wider directory."""
    data = crisis_data()
    region = region.upper() if region else None
    lines = [
        {"sms": None, "sms_keyword": None, "phone": None, **line}
        for line in data["lines"]
        if region is None or line["region"] == region
    ]
    emergency = data["emergency_numbers"]
    return {
        "region": region,
        "emergency_number": emergency.get(region or "", emergency["DEFAULT"]),
        "lines": lines,
        "directory": data["directory"],
        "regions": [
            {"code": code, "name": name, "emergency_number": emergency[code]}
            for code, name in sorted(data["region_names"].items(), key=lambda item: item[1])
        ],
    }


@blp.route("")
class CrisisLines(MethodView):
    @blp.doc(operationId="listCrisisLines", security=[], **NO_DATABASE)
    @blp.arguments(CrisisQuerySchema, location="query")
    @blp.response(200, CrisisResourcesSchema)
    @documents_errors(blp, 429)
    def get(self, query):
        """Crisis lines for a region

        Public: no token needed. Served from data shipped with the app, so it answers even when
        the database is down. Every number carries its source and the date it was checked.
        """
        return crisis_resources(query["region"])
