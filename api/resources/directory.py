"""The resource directory: find, read, curate and verify entries; members' bookmarks."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api import privacy
from api.conditional import IF_MATCH, ensure_if_match, etag_header
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.members import Role
from api.models.resources import Bookmark, Resource
from api.pagination import PageArgsSchema, page_schema, paginate, paginate_newest_first
from api.permissions import VISITOR_OR_MEMBER, current_member, current_viewer, require_role, visitors_may_read
from api.schemas.resources import CREATE_EXAMPLES, ResourceQuerySchema, ResourceSchema, ResourceUpdateSchema
from api.services import directory, visitors

blp = Blueprint("directory", __name__, url_prefix="/api/v1", description="Resource directory")
ResourcePageSchema = page_schema(ResourceSchema, "ResourcePage")
ETAG = {"ETag": {"schema": {"type": "string"}}}
CURATORS = (Role.COACH, Role.ADMIN)


@blp.route("/resources")
class Resources(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="listResources", security=VISITOR_OR_MEMBER)
    @blp.arguments(ResourceQuerySchema, location="query")
    @blp.response(200, ResourcePageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """Find services: `q` searches names and descriptions (best matches first); filters narrow

        Signed out: the same entries, without bookmarks or who verified them.
        """
        stmt = directory.apply_filters(select(Resource), query)
        if query.get("q"):
            page = directory.search_page(stmt, query["q"], query, Session.get_bind().dialect.name)
        else:
            page = paginate(stmt, query, Resource.name, Resource.id)
        viewer = current_viewer()
        if viewer is None:
            return visitors.resource_page(page)
        directory.decorate(page["items"], viewer)
        return page

    @blp.doc(operationId="createResource")
    @idempotent(blp)
    @blp.arguments(ResourceSchema, examples=CREATE_EXAMPLES)
    @blp.response(201, ResourceSchema)
    @documents_errors(blp, 403)
    @require_role(*CURATORS)
    def post(self, data):
        """Add an entry (coaches and admins); it starts unverified"""
        languages = data.pop("languages")
        resource = Resource(id=uuid.uuid4(), **data)
        resource.languages = languages
        Session.add(resource)
        directory.record_change(resource.id, current_member(), "created")
        Session.commit()
        return (
            directory.decorate([resource], current_member())[0],
            201,
            {"Location": f"/api/v1/resources/{resource.id}"},
        )


@blp.route("/resources/<uuid:resource_id>")
class ResourceById(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="getResource", security=VISITOR_OR_MEMBER)
    @blp.response(200, ResourceSchema, headers=ETAG)
    @documents_errors(blp, 404)
    def get(self, resource_id):
        """One entry, with its verification record (signed out: without who verified it)"""
        resource = _resource(resource_id)
        viewer = current_viewer()
        if viewer is None:
            return visitors.resource_detail(resource), 200, etag_header()
        directory.decorate([resource], viewer)
        return resource, 200, etag_header()

    @blp.doc(operationId="updateResource", **IF_MATCH)
    @blp.arguments(ResourceUpdateSchema)
    @blp.response(200, ResourceSchema, headers=ETAG)
    @documents_errors(blp, 403, 404, 412)
    @require_role(*CURATORS)
    def patch(self, changes, resource_id):
        """Edit an entry (coaches and admins); every change is recorded"""
        resource = _resource(resource_id)
        directory.decorate([resource], current_member())
        ensure_if_match(ResourceSchema(), resource)
        if "languages" in changes:
            resource.languages = changes.pop("languages")
        for field, value in changes.items():
            setattr(resource, field, value)
        subdivision = resource.subdivision
        if subdivision and not subdivision.startswith(resource.region + "-"):
            abort(422, errors={"subdivision": ["The subdivision must be in the region's country."]})
        directory.check_residence_details(resource)
        resource.updated_at = utcnow()
        directory.record_change(resource.id, current_member(), "updated", sorted(changes))
        Session.commit()
        return resource, 200, etag_header()

    @blp.doc(operationId="retireResource")
    @blp.response(204)
    @documents_errors(blp, 403, 404)
    @require_role(*CURATORS)
    def delete(self, resource_id):
        """Retire an entry (coaches and admins): it leaves search; bookmarks and referrals keep it"""
        resource = _resource(resource_id)
        resource.retired_at = utcnow()
        directory.record_change(resource.id, current_member(), "retired")
        Session.commit()


@blp.route("/resources/<uuid:resource_id>/verification")
class Verification(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="verifyResource")
    @blp.response(200, ResourceSchema, headers=ETAG)
    @documents_errors(blp, 403, 404)
    @require_role(*CURATORS)
    def post(self, resource_id):
        """Record that you checked this entry against its source today"""
        resource = _resource(resource_id)
        resource.verified_at, resource.verified_by = utcnow(), current_member()
        directory.record_change(resource.id, current_member(), "verified")
        Session.commit()
        directory.decorate([resource], current_member())
        return resource, 200, etag_header()


@blp.route("/members/me/bookmarks")
class Bookmarks(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listMyBookmarks")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ResourcePageSchema)
    @documents_errors(blp, 422)
    def get(self, page_args):
        """My saved resources, most recently saved first"""
        stmt = select(Bookmark).where(Bookmark.member_id == current_member().id)
        page = paginate_newest_first(stmt, _BookmarkKeys, page_args)
        page["items"] = directory.decorate(
            [bookmark.resource for bookmark in page["items"]], current_member()
        )
        return page


class _BookmarkKeys:
    """Bookmarks are keyed by (member, resource): page them by (created_at, resource_id)."""

    created_at = Bookmark.created_at
    id = Bookmark.resource_id


@blp.route("/members/me/bookmarks/<uuid:resource_id>")
class BookmarkById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="bookmarkResource")
    @blp.response(201, ResourceSchema)
    @documents_errors(blp, 404)
    def post(self, resource_id):
        """Save a resource (saving it again changes nothing)"""
        resource = _resource(resource_id)
        me = current_member()
        if Session.get(Bookmark, (me.id, resource.id)) is None:
            Session.add(Bookmark(member_id=me.id, resource_id=resource.id))
            Session.commit()
        return directory.decorate([resource], me)[0], 201

    @blp.doc(operationId="removeBookmark")
    @blp.response(204)
    @documents_errors(blp, 404)
    def delete(self, resource_id):
        """Remove a saved resource"""
        bookmark = Session.get(Bookmark, (current_member().id, resource_id))
        if bookmark is None:
            abort(404, message="You have not saved that resource.")
        Session.delete(bookmark)
        Session.commit()


def _resource(resource_id: uuid.UUID) -> Resource:
    resource = Session.get(Resource, resource_id)
    if resource is None:
        abort(404, message="No resource with that id.")
    return resource


def _export_bookmarks(member) -> list[dict]:
    bookmarks = Session.scalars(select(Bookmark).where(Bookmark.member_id == member.id))
    return [
        {"resource_id": str(b.resource_id), "name": b.resource.name, "created_at": b.created_at.isoformat()}
        for b in bookmarks
    ]


def _export_curation(member) -> list[dict]:
    from api.models.resources import ResourceChange

    changes = Session.scalars(select(ResourceChange).where(ResourceChange.actor_id == member.id))
    return [
        {"resource_id": str(c.resource_id), "action": c.action, "created_at": c.created_at.isoformat()}
        for c in changes
    ]


privacy.register(privacy.PersonalData("bookmarks", ("bookmarks",), _export_bookmarks))
# Curation records outlive the curator (the directory's history); their name is removed on erasure.
privacy.register(
    privacy.PersonalData("resource_curation", ("resource_changes", "resources"), _export_curation)
)
