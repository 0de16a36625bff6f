"""The directory entry a facilitator note links, as readers see it beside the post.

A page joins the entry's columns to its own query (no extra statement); a few posts read outside a
page load theirs in one statement, and none when no post links one.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from api.db import Session, utcnow
from api.models.resources import STALE_AFTER, Resource


@dataclass(frozen=True, slots=True)
class NoteResourceView:
    """The directory entry a facilitator note links: enough to name it and link to its page."""

    id: uuid.UUID
    name: str
    verified: bool  # verified within the last year and not retired


# The columns a page joins (LEFT OUTER) for each post's facilitator-note resource.
NOTE_RESOURCE_COLUMNS = (Resource.id, Resource.name, Resource.verified_at, Resource.retired_at)


def _note_resource_view(resource_id, name, verified_at, retired_at) -> NoteResourceView:
    verified = verified_at is not None and verified_at >= utcnow() - STALE_AFTER and retired_at is None
    return NoteResourceView(resource_id, name, verified)


def note_resources_from_rows(rows) -> dict[uuid.UUID, NoteResourceView]:
    """From a page's (post, joined resource columns) rows: the resources by id."""
    return {columns[0]: _note_resource_view(*columns) for _post, columns in rows if columns[0] is not None}


def note_resources_by_id(resource_ids: set[uuid.UUID]) -> dict[uuid.UUID, NoteResourceView]:
    """The linked directory entries of a few posts outside a page: one statement, none if no links."""
    if not resource_ids:
        return {}
    rows = Session.execute(select(*NOTE_RESOURCE_COLUMNS).where(Resource.id.in_(resource_ids)))
    return {row[0]: _note_resource_view(*row) for row in rows}
