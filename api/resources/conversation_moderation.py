"""Facilitators' conversation settings (pace rules) and the approval queue of held posts."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from api import privacy
from api.conditional import IF_MATCH, ensure_if_match, etag_header
from api.db import Session
from api.errors import documents_errors
from api.pagination import PageArgsSchema, page_schema
from api.permissions import current_member
from api.schemas.conversation_moderation import (
    ApprovalResultSchema,
    ApprovalSchema,
    ConversationSettingsSchema,
    ConversationSettingsUpdateSchema,
    HeldPostSchema,
)
from api.services import conversation_moderation as pace
from api.services import conversation_moderation_queue as queue

blp = Blueprint(
    "conversation_moderation",
    __name__,
    url_prefix="/api/v1",
    description="Conversation pace rules and the approval queue (facilitators)",
)
HeldPostPageSchema = page_schema(HeldPostSchema, "HeldPostPage")
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


@blp.route("/groups/<uuid:group_id>/conversation-settings")
class ConversationSettings(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getConversationSettings")
    @blp.response(200, ConversationSettingsSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 403, 404)
    def get(self, group_id: uuid.UUID):
        """Read the group's pace rules: slow mode, the daily cap, first posts held (its readers)"""
        return pace.conversation_settings(group_id, current_member()), 200, etag_header()

    @blp.doc(operationId="updateConversationSettings", **IF_MATCH)
    @blp.arguments(ConversationSettingsUpdateSchema)
    @blp.response(200, ConversationSettingsSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 403, 404, 409, 412)
    def patch(self, changes, group_id: uuid.UUID):
        """Change the group's pace rules (its facilitators); every change is audited"""
        settings = pace.update_conversation_settings(
            group_id,
            changes,
            current_member(),
            lambda view: ensure_if_match(ConversationSettingsSchema(), view),
        )
        Session.commit()
        return settings, 200, etag_header()


@blp.route("/groups/<uuid:group_id>/held-posts")
class HeldPosts(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listHeldPosts")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, HeldPostPageSchema)
    @documents_errors(blp, 403, 404, 422)
    def get(self, page_args, group_id: uuid.UUID):
        """The approval queue: new members' first posts, oldest first (its facilitators)"""
        return queue.held_posts(group_id, current_member(), page_args)


@blp.route("/posts/<uuid:post_id>/approval")
class PostApproval(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="decideHeldPost")
    @blp.arguments(ApprovalSchema)
    @blp.response(200, ApprovalResultSchema)
    @documents_errors(blp, 403, 404, 409)
    def post(self, decision, post_id: uuid.UUID):
        """Publish a held post (a held opening post publishes its thread) or decline it gently"""
        result = queue.decide_held_post(
            post_id, decision["approve"], decision.get("reason"), current_member()
        )
        Session.commit()
        return result


# The settings outlive the facilitator who last changed them: the foreign key is set to NULL on erasure.
privacy.register(
    privacy.PersonalData(
        "conversation_settings_changed", ("conversation_settings",), pace.export_settings_changes
    )
)
