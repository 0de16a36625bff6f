"""Role checks used by views across domains."""

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from api import create_app
from api.config import TestConfig
from api.permissions import require_role
from tests.conftest import sign_in
from tests.factories import MemberFactory


def test_require_role_admits_holders_and_refuses_others_with_403(app, db_session, tmp_path):
    connection = db_session.get_bind()
    db_session.remove()
    role_app = create_app(TestConfig(database_url=app.config["DATABASE_URL"], instance_path=tmp_path))
    db_session.configure(bind=connection, join_transaction_mode="create_savepoint")
    blp = Blueprint("role_probe", __name__, url_prefix="/api/v1/role-probe")

    @blp.route("")
    class Probe(MethodView):
        decorators = [jwt_required()]

        @require_role("coach", "admin")
        def get(self):
            return {"ok": True}

    role_app.extensions["smorest_api"].register_blueprint(blp)
    coach, member = sign_in(role_app, MemberFactory(role="coach")), sign_in(role_app, MemberFactory())
    assert coach.get("/api/v1/role-probe").status_code == 200
    refused = member.get("/api/v1/role-probe")
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
