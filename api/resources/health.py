"""Health checks for load balancers and orchestrators: is the process up, can it serve?

`/healthz` answers from the process alone (it is also the benchmarks' bare JSON endpoint);
`/readyz` checks the database and, when configured, Redis, and answers 503 if either is down, so
a load balancer stops sending traffic to an instance that cannot serve it.
"""

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from redis import Redis
from sqlalchemy import text

from api.db import Session
from api.errors import documents_errors, problem_response
from api.spec import NO_DATABASE

blp = Blueprint("health", __name__, url_prefix="", description="Health checks")


class HealthSchema(ma.Schema):
    status = ma.fields.String(dump_only=True, metadata={"enum": ["ok"], "example": "ok"})


class ReadinessSchema(ma.Schema):
    status = ma.fields.String(dump_only=True, metadata={"enum": ["ok", "unavailable"], "example": "ok"})
    database = ma.fields.String(dump_only=True, metadata={"enum": ["ok", "unavailable"], "example": "ok"})
    redis = ma.fields.String(
        dump_only=True,
        metadata={"enum": ["ok", "unavailable", "not_configured"], "example": "ok"},
    )


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(operationId="health", security=[], **NO_DATABASE)
    @blp.response(200, HealthSchema)
    def get(self):
        """The process is up"""
        return {"status": "ok"}


@blp.route("/readyz")
class Readiness(MethodView):
    @blp.doc(operationId="readiness", security=[])
    @blp.response(200, ReadinessSchema)
    @documents_errors(blp, 503)
    def get(self):
        """The database and Redis answer: this instance can serve requests

        A 503 problem names what is down in its `database` and `redis` members.
        """
        checks = {"database": _database(), "redis": _redis()}
        down = [name for name, state in checks.items() if state == "unavailable"]
        if not down:
            return {"status": "ok", **checks}
        response = problem_response(503, f"Not ready: {' and '.join(down)} unavailable.", kind="not-ready")
        body = {**response.get_json(), "status": "unavailable", **checks}
        response.set_data(current_app.json.dumps(body))
        return response


def _database() -> str:
    try:
        Session.execute(text("SELECT 1"))
        return "ok"
    except Exception:
        Session.rollback()
        return "unavailable"
    finally:
        Session.remove()


def _redis() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "not_configured"
    try:
        Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5).ping()
        return "ok"
    except Exception:
        return "unavailable"
