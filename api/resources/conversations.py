"""Group conversations: threads, replies, edits, deletions, supportive reactions and each
member's always-folded topics. Facilitators' fields on PATCH go to the moderation tools."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from api import privacy
from api.conditional import IF_MATCH, ensure_if_match, etag_header, etag_of
from api.db import Session
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.conversations import REACTIONS
from api.pagination import PageArgsSchema, page_schema
from api.permissions import current_member
from api.ratelimits import ensure_posting_allowed
from api.schemas.conversations import (
    ContentPreferencesSchema,
    ContentPreferencesUpdateSchema,
    PostCreateSchema,
    PostSchema,
    PostUpdateSchema,
    PostWrittenSchema,
    ReactionSummarySchema,
    ThreadCreateSchema,
    ThreadPageSchema,
    ThreadSchema,
    ThreadUpdateSchema,
    ThreadWrittenSchema,
)
from api.services import conversation_posts as posts
from api.services import conversation_preferences as preferences
from api.services import conversations

blp = Blueprint("conversations", __name__, url_prefix="/api/v1", description="Group conversations")
PostPageSchema = page_schema(PostSchema, "PostPage")
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}
REACTION_KINDS = ",".join(REACTIONS)


def _etag(schema, view) -> dict:
    """The ETag of the plain read (without crisis_resources), so it matches a later If-Match."""
    return {"ETag": f'"{etag_of(schema, view)}"'}


@blp.route("/groups/<uuid:group_id>/threads")
class GroupThreads(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listGroupThreads")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ThreadPageSchema)
    @documents_errors(blp, 403, 404, 422)
    def get(self, page_args, group_id: uuid.UUID):
        """The group's threads, pinned first then most recently active, under its guidelines"""
        return conversations.list_threads(group_id, current_member(), page_args)

    @blp.doc(operationId="createThread")
    @idempotent(blp)
    @blp.arguments(ThreadCreateSchema)
    @blp.response(201, ThreadWrittenSchema)
    @documents_errors(blp, 403, 404, 409, 422, 429)
    def post(self, data, group_id: uuid.UUID):
        """Start a thread; a new member's first one may wait for a facilitator

        When it shows signs of risk it is still published, `crisis_resources` holds the crisis
        lines for your region, and the group's facilitators are told.
        """
        me = current_member()
        ensure_posting_allowed(me.id)
        written = conversations.create_thread(group_id, me, data)
        Session.commit()
        return written, 201


@blp.route("/threads/<uuid:thread_id>")
class ThreadById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getThread")
    @blp.response(200, ThreadSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 403, 404)
    def get(self, thread_id: uuid.UUID):
        """A thread with its opening post"""
        return conversations.thread_detail(thread_id, current_member()), 200, etag_header()

    @blp.doc(operationId="updateThread", **IF_MATCH)
    @blp.arguments(ThreadUpdateSchema)
    @blp.response(200, ThreadWrittenSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 403, 404, 409, 412, 422)
    def patch(self, changes, thread_id: uuid.UUID):
        """Edit your thread (within the edit window), or pin, lock, hide or annotate it (facilitators)"""
        written = posts.update_thread(
            thread_id,
            current_member(),
            changes,
            lambda view: ensure_if_match(ThreadSchema(), view),
        )
        Session.commit()
        return written, 200, _etag(ThreadSchema(), written.thread)

    @blp.doc(operationId="deleteThread", **IF_MATCH)
    @blp.response(204)
    @documents_errors(blp, 403, 404, 409, 412)
    def delete(self, thread_id: uuid.UUID):
        """Delete your thread's opening post: the thread and its replies stay"""
        posts.delete_thread(thread_id, current_member(), lambda view: ensure_if_match(ThreadSchema(), view))
        Session.commit()


@blp.route("/threads/<uuid:thread_id>/posts")
class ThreadPosts(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listThreadPosts")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, PostPageSchema)
    @documents_errors(blp, 403, 404, 422)
    def get(self, page_args, thread_id: uuid.UUID):
        """A thread's replies, oldest first"""
        return conversations.list_posts(thread_id, current_member(), page_args)

    @blp.doc(operationId="createPost")
    @idempotent(blp)
    @blp.arguments(PostCreateSchema)
    @blp.response(201, PostWrittenSchema)
    @documents_errors(blp, 403, 404, 409, 422, 429)
    def post(self, data, thread_id: uuid.UUID):
        """Reply to a thread; signs of risk bring crisis lines in `crisis_resources`"""
        me = current_member()
        ensure_posting_allowed(me.id)
        written = conversations.create_reply(thread_id, me, data)
        Session.commit()
        return written, 201


@blp.route("/posts/<uuid:post_id>")
class PostById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="updatePost", **IF_MATCH)
    @blp.arguments(PostUpdateSchema)
    @blp.response(200, PostWrittenSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 403, 404, 409, 412, 422)
    def patch(self, changes, post_id: uuid.UUID):
        """Edit your reply (within the edit window), or hide, restore or annotate it (facilitators)"""
        written = posts.update_post(
            post_id,
            current_member(),
            changes,
            lambda view: ensure_if_match(PostSchema(), view),
        )
        Session.commit()
        return written, 200, _etag(PostSchema(), written.post)

    @blp.doc(operationId="deletePost", **IF_MATCH)
    @blp.response(204)
    @documents_errors(blp, 403, 404, 409, 412)
    def delete(self, post_id: uuid.UUID):
        """Delete your reply: its body goes, its place in the thread stays"""
        posts.delete_post(post_id, current_member(), lambda view: ensure_if_match(PostSchema(), view))
        Session.commit()


@blp.route(f"/posts/<uuid:post_id>/reactions/<any({REACTION_KINDS}):kind>")
class PostReaction(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="addReaction")
    @blp.response(200, ReactionSummarySchema)
    @documents_errors(blp, 403, 404, 409)
    def put(self, post_id: uuid.UUID, kind: str):
        """React supportively to a post (again: no change); answers the post's counts"""
        summary = posts.set_reaction(post_id, kind, current_member(), on=True)
        Session.commit()
        return summary

    @blp.doc(operationId="removeReaction")
    @blp.response(200, ReactionSummarySchema)
    @documents_errors(blp, 403, 404, 409)
    def delete(self, post_id: uuid.UUID, kind: str):
        """Take back your reaction (none: no change); answers the post's counts"""
        summary = posts.set_reaction(post_id, kind, current_member(), on=False)
        Session.commit()
        return summary


@blp.route("/members/me/content-preferences")
class MyContentPreferences(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getContentPreferences")
    @blp.response(200, ContentPreferencesSchema)
    @documents_errors(blp, 401)
    def get(self):
        """The topics I always want folded, and every content note and reaction there is"""
        return preferences.content_preferences(current_member())

    @blp.doc(operationId="setContentPreferences")
    @blp.arguments(ContentPreferencesUpdateSchema)
    @blp.response(200, ContentPreferencesSchema)
    @documents_errors(blp, 401, 422)
    def put(self, data):
        """Choose the topics always folded for me, whatever the post"""
        result = preferences.set_content_preferences(current_member(), data["always_folded"])
        Session.commit()
        return result


privacy.register(
    privacy.PersonalData(
        "group_conversations",
        ("threads", "posts", "post_reactions", "hidden_content_notes"),
        posts.export_conversations,
        posts.erase_conversations,
    )
)
