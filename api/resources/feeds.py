"""Public feeds for meeting-finder apps: public groups' weekly sessions in Meeting Guide JSON."""

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from api.errors import documents_errors
from api.schemas.feeds import MeetingGuideEntrySchema
from api.services import feeds

blp = Blueprint("feeds", __name__, url_prefix="/api/v1/feeds", description="Public feeds")

# Public data, re-read by importers a few times a day: a shared cache may keep it five minutes,
# short enough that a group made private or a cancelled series soon leaves every copy.
FEED_CACHE_CONTROL = "public, max-age=300"
FEED_HEADERS = {
    "Cache-Control": {"schema": {"type": "string", "example": FEED_CACHE_CONTROL}},
    "Access-Control-Allow-Origin": {"schema": {"type": "string", "example": "*"}},
}


@blp.route("/meeting-guide.json")
class MeetingGuide(MethodView):
    @blp.doc(operationId="getMeetingGuideFeed", security=[])
    @blp.response(200, MeetingGuideEntrySchema(many=True), headers=FEED_HEADERS)
    @documents_errors(blp, 429)
    def get(self):
        """Public groups' weekly sessions in the Meeting Guide format (code4recovery/spec)

        One meeting per weekly series of a public group that has an upcoming session. Online and
        hybrid meetings carry `conference_url`: the session's public page, where members book and
        are then sent the joining link; the call's own link is never published. Locations are the
        group's area, marked `approximate: yes`; there are never street addresses or names of
        people. Cacheable by anyone for 5 minutes, and readable by meeting finders on other sites
        (`Access-Control-Allow-Origin: *`; no credentials are involved).
        """
        meetings = feeds.meeting_guide_feed(public_base_url())
        return meetings, 200, {"Cache-Control": FEED_CACHE_CONTROL, "Access-Control-Allow-Origin": "*"}


def public_base_url() -> str:
    """The configured public address of the SPA, else this request's own origin (the app serves
    the SPA itself in the embedded default)."""
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")
