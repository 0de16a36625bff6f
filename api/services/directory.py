"""Finding resources: filters, index-backed full-text search with synonyms, ranked; curation log."""

import uuid

from sqlalchemy import Integer, Select, and_, cast, column, exists, func, literal_column, or_, select, table

from api.db import Session, utcnow
from api.errors import Invalid
from api.models.members import Member
from api.models.resources import (
    RESIDENCE_ONLY,
    SEARCH_VECTOR,
    STALE_AFTER,
    Bookmark,
    ResidenceGender,
    Resource,
    ResourceChange,
    ResourceLanguage,
)
from api.pagination import decode_cursor, encode_cursor
from api.services import search
from api.services.audit import audit

# Ranking reads each candidate's stored document: rank at most this many matches of a query, so a
# word found in a fifth of 100,000 entries ranks 1,000 rows, not 20,000. The candidates are the
# first ones the index yields, the same set on every page of one search, so keyset pages stay stable.
SEARCH_CANDIDATES = 1000
# bm25 weights of the FTS5 columns (name, topics, description), as PostgreSQL's A, B and C weights.
FTS5_WEIGHTS = (10.0, 4.0, 1.0)
FTS5_TABLE = table("resources_fts", column("rowid"))


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
    return _residence_filters(stmt, filters)


def _residence_filters(stmt: Select, filters: dict) -> Select:
    """Recovery residences: who they house (those open to anyone house everyone) and MAT."""
    if filters.get("accepts_mat") is not None:
        stmt = stmt.where(Resource.accepts_mat.is_(filters["accepts_mat"]))
    gender = filters.get("residence_gender")
    if gender:
        houses = [gender] if gender == ResidenceGender.ANY else [gender, ResidenceGender.ANY.value]
        stmt = stmt.where(Resource.residence_gender.in_(houses))
    return stmt


def search_page(stmt: Select, text: str, page_args: dict, dialect: str) -> dict:
    """One page of matches for `text` (expanded with the synonyms), best first, then by id.

    A query with no words to look for (only punctuation or stop words) finds nothing. The page's
    ids are chosen among the ranked candidates first, so only those rows are read in full.
    """
    query = search.parse(text)
    if not query:
        return {"items": [], "next_cursor": None}
    candidates = _candidates(stmt, query, dialect).subquery("candidates")
    page_ids = select(candidates.c.id, candidates.c.rank)
    if page_args.get("cursor"):
        after_rank, after_id = decode_cursor(page_args["cursor"], sort_is_datetime=False)
        page_ids = page_ids.where(
            or_(
                candidates.c.rank < after_rank,
                and_(candidates.c.rank == after_rank, candidates.c.id > after_id),
            )
        )
    limit = page_args["limit"]
    ranked = page_ids.order_by(candidates.c.rank.desc(), candidates.c.id).limit(limit + 1).subquery("page")
    rows = Session.execute(
        select(Resource, ranked.c.rank)
        .join(ranked, ranked.c.id == Resource.id)
        .order_by(ranked.c.rank.desc(), Resource.id)
    ).all()
    items = [row[0] for row in rows[:limit]]
    next_cursor = encode_cursor(rows[limit - 1][1], rows[limit - 1][0].id) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}


def _candidates(stmt: Select, query: search.SearchQuery, dialect: str) -> Select:
    """The filtered entries matching `query`, at most SEARCH_CANDIDATES, with an integer rank.

    Ranks are floats; an integer rank compares exactly in the cursor condition.
    """
    if dialect == "postgresql":
        ts_query = search.postgres_tsquery(query)
        # A materialized CTE is planned for all its rows, so PostgreSQL reads the matches from the
        # GIN index; the LIMIT below then stops it after SEARCH_CANDIDATES rows. With the LIMIT
        # in the same query the planner bets on a sequential scan finding enough rows early, and
        # a rare word (no match at all) read all 100,000 entries: 210 ms instead of 1 ms.
        matches = (
            stmt.with_only_columns(Resource.id, search_vector().label("document"))
            .where(search_vector().op("@@")(ts_query))
            .cte("matches")
            .prefix_with("MATERIALIZED")
        )
        rank = cast(func.ts_rank(matches.c.document, ts_query) * 1_000_000, Integer).label("rank")
        return select(matches.c.id, rank).limit(SEARCH_CANDIDATES)
    # FTS5 always answers MATCH from its index; bm25 is lower for better matches.
    rank = cast(-func.bm25(literal_column("resources_fts"), *FTS5_WEIGHTS) * 1_000_000, Integer)
    return (
        stmt.with_only_columns(Resource.id, rank.label("rank"))
        .join(FTS5_TABLE, FTS5_TABLE.c.rowid == literal_column("resources.rowid"))
        .where(literal_column("resources_fts").op("MATCH")(search.fts5_match(query)))
        .limit(SEARCH_CANDIDATES)
    )


def check_residence_details(resource: Resource) -> None:
    """Residence details belong to recovery residences, which say whom they house (after an edit)."""
    if resource.is_residence and resource.residence_gender is None:
        raise Invalid(
            "A recovery residence says whom it houses.",
            errors={"residence_gender": ["Choose men, women, any or other."]},
        )
    stray = [field for field in RESIDENCE_ONLY if getattr(resource, field) is not None]
    if not resource.is_residence and stray:
        raise Invalid(
            "Only recovery residences (sober living) have residence details.",
            errors={field: ["Clear this, or make the entry a recovery residence."] for field in stray},
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
