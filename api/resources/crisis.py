"""Crisis help for a region, served from data shipped with the app: no sign-in and no database."""

from flask.views import MethodView
from flask_smorest import Blueprint

from api.errors import documents_errors
from api.schemas.crisis import CrisisQuerySchema, CrisisResourcesSchema
from api.services.crisis import crisis_help
from api.spec import NO_DATABASE

blp = Blueprint(
    "crisis",
    __name__,
    url_prefix="/api/v1/resources/crisis",
    description="Crisis lines, public and always available",
)


@blp.route("")
class CrisisLines(MethodView):
    @blp.doc(operationId="listCrisisLines", security=[], **NO_DATABASE)
    @blp.arguments(CrisisQuerySchema, location="query")
    @blp.response(200, CrisisResourcesSchema)
    @documents_errors(blp, 429)
    def get(self, query):
        """Crisis lines and emergency numbers for a region

        Public: no token needed. Served from data shipped with the app, so it answers even when
        the database is down. Every number carries its source and the date it was checked; every
        emergency number is one libphonenumber knows for that region. Without a region the answer
        has no numbers at all (never another country's), only the directory and the regions.
        """
        return crisis_help(query["region"])
