"""Finding resources: filters, index-backed full-text search ranked on PostgreSQL, curation log."""

import re
import uuid

from sqlalchemy import Integer, Select, and_, cast, exists, func, literal_column, or_, select, true

from api.db import Session, utcnow
from api.models.members import Member
from api.models.resources import (
    SEARCH_VECTOR,
    STALE_AFTER,
    Bookmark,
    Resource,
    ResourceChange,
    ResourceLanguage,
)
from api.pagination import decode_cursor, encode_cursor
from api.services.audit import audit


def search_vector():
    """The stored search document of each entry (PostgreSQL only; see `SEARCH_VECTOR`)."""
    return literal_column(SEARCH_VECTOR)


def apply_filters(stmt: Select, filters: dict) -> Select:
    stmt = stmt.where(Resource.retired_at.is_(None))
    for field in ("kind", "region", "cost"):
        if filters.get(field):
            stmt = stmt.where(getattr(Resource, field) == filters[field])
    if filters.get("language"):
        stmt = stmt.where(
            exists().where(
                ResourceLanguage.resource_id == Resource.id, ResourceLanguage.language == filters["language"]
            )
        )
    if filters.get("online") is not None:
        stmt = stmt.where(Resource.is_online.is_(filters["online"]))
    if filters.get("open_24_7") is not None:
        stmt = stmt.where(Resource.is_24_7.is_(filters["open_24_7"]))
    if filters.get("verified") is not None:
        fresh = Resource.verified_at >= utcnow() - STALE_AFTER
        stmt = stmt.where(fresh if filters["verified"] else or_(Resource.verified_at.is_(None), ~fresh))
    return stmt


def search_page(stmt: Select, query: str, page_args: dict, dialect: str) -> dict:
    """One page of matches: by relevance on PostgreSQL (bound parameters only), by name on SQLite."""
    if dialect != "postgresql":
        return _like_page(stmt, query, page_args)
    ts_query = func.websearch_to_tsquery("english", query)
    # ts_rank is a float; an integer rank compares exactly in the cursor condition
    rank = cast(func.ts_rank(search_vector(), ts_query) * 1_000_000, Integer)
    stmt = stmt.add_columns(rank.label("rank")).where(search_vector().op("@@")(ts_query))
    if page_args.get("cursor"):
        after_rank, after_id = decode_cursor(page_args["cursor"], sort_is_datetime=False)
        stmt = stmt.where(or_(rank < after_rank, and_(rank == after_rank, Resource.id > after_id)))
    limit = page_args["limit"]
    rows = Session.execute(stmt.order_by(rank.desc(), Resource.id).limit(limit + 1)).all()
    items = [row[0] for row in rows[:limit]]
    next_cursor = encode_cursor(rows[limit - 1][1], rows[limit - 1][0].id) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}


def _like_page(stmt: Select, query: str, page_args: dict) -> dict:
    from api.pagination import paginate

    words = [word for word in re.split(r"\W+", query.lower()) if word][:8]
    conditions = [
        or_(
            func.lower(Resource.name).like(f"%{word.strip('_')}%"),
            func.lower(Resource.description).like(f"%{word.strip('_')}%"),
        )
        for word in words
    ]
    return paginate(
        stmt.where(and_(*conditions) if conditions else true()), page_args, Resource.name, Resource.id
    )


def decorate(resources: list[Resource], member: Member) -> list[Resource]:
    """Mark the viewer's bookmarks: one query per page."""
    ids = [resource.id for resource in resources]
    saved = (
        set(
            Session.scalars(
                select(Bookmark.resource_id).where(
                    Bookmark.member_id == member.id, Bookmark.resource_id.in_(ids)
                )
            )
        )
        if ids
        else set()
    )
    for resource in resources:
        resource.is_bookmarked = resource.id in saved
    return resources


def record_change(resource_id: uuid.UUID, actor: Member, action: str, fields=()) -> None:
    Session.add(
        ResourceChange(resource_id=resource_id, actor_id=actor.id, action=action, fields=list(fields))
    )
    audit(f"resource.{action}", "resource", resource_id, actor=actor, fields=list(fields))
