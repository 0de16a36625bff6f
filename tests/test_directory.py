"""The resource directory: search, filters, curation, verification, bookmarks, HSDS."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from api.db import utcnow
from api.models import Resource, ResourceChange
from tests.factories import ResourceFactory

RESOURCES = "/api/v1/resources"
NEW = {
    "name": "Leeds Recovery Café",
    "kind": "peer_community",
    "description": "A drop-in café run by people in recovery, open to anyone.",
    "url": "https://example.org/cafe",
    "phone": "+44 113 000 0000",
    "region": "GB",
    "subdivision": "GB-ENG",
    "hours": "Saturdays 10am to 2pm",
    "cost": "free",
    "languages": ["en"],
    "tags": ["drop-in"],
}


def test_member_finds_resources_by_text(member_client):
    ResourceFactory(name="National Gambling Helpline", description="Support for anyone affected by gambling.")
    ResourceFactory(name="Drinkline", description="Support about drinking and alcohol.")
    response = member_client.get(f"{RESOURCES}?q=gambling")
    assert [item["name"] for item in response.json["items"]] == ["National Gambling Helpline"]


def test_best_match_comes_first(member_client):
    ResourceFactory(name="General support", description="We can talk about many things including gambling.")
    ResourceFactory(name="Gambling Gambling Help", description="Gambling support for gambling problems.")
    names = [item["name"] for item in member_client.get(f"{RESOURCES}?q=gambling").json["items"]]
    assert set(names) == {"General support", "Gambling Gambling Help"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=crisis_line", {"Crisis A"}),
        ("region=US", {"US Helpline"}),
        ("cost=paid", {"Paid Therapy"}),
        ("language=cy", {"Crisis A"}),
        ("online=true", {"Crisis A"}),
        ("open_24_7=true", {"Crisis A"}),
        ("verified=true", {"US Helpline"}),
        ("verified=false", {"Crisis A", "Paid Therapy"}),
    ],
)
def test_member_filters_resources(member_client, query, expected):
    ResourceFactory(name="Crisis A", kind="crisis_line", languages=["en", "cy"], is_online=True, is_24_7=True)
    ResourceFactory(name="US Helpline", region="US", verified_at=utcnow())
    ResourceFactory(
        name="Paid Therapy", kind="therapy", cost="paid", verified_at=utcnow() - dt.timedelta(days=400)
    )
    names = {item["name"] for item in member_client.get(f"{RESOURCES}?{query}").json["items"]}
    assert names == expected


@pytest.mark.parametrize(
    "query",
    [
        "region=XX",
        "region=gb",
        "kind=bakery",
        "cost=cheap",
        "q=" + "x" * 10_000,
        "limit=500",
        "cursor=!!",
        "online=maybe",
    ],
)
def test_bad_search_input_is_422(member_client, query):
    response = member_client.get(f"{RESOURCES}?{query}")
    assert response.status_code in (413, 414, 422) and response.status_code != 500


def test_search_text_is_a_parameter_not_sql(member_client):
    ResourceFactory(name="Safe Service")
    response = member_client.get(f"{RESOURCES}?q=' OR 1=1; DROP TABLE resources; --")
    assert response.status_code == 200 and response.json["items"] == []
    assert member_client.get(RESOURCES).json["items"]


def test_retired_entries_leave_search(as_member):
    coach = as_member(role="coach")
    resource = ResourceFactory()
    assert coach.delete(f"{RESOURCES}/{resource.id}").status_code == 204
    assert coach.get(RESOURCES).json["items"] == []


def test_coach_adds_an_entry_that_starts_unverified(as_member, db_session):
    coach = as_member(role="coach")
    response = coach.post(RESOURCES, json=NEW)
    assert response.status_code == 201, response.json
    assert response.json["verification"] == {"verified_at": None, "verified_by": None, "stale": True}
    assert db_session.scalar(select(func.count()).select_from(ResourceChange)) == 1


def test_member_cannot_curate(member_client):
    resource = ResourceFactory()
    assert member_client.post(RESOURCES, json=NEW).status_code == 403
    assert member_client.patch(f"{RESOURCES}/{resource.id}", json={"name": "Changed"}).status_code == 403
    assert member_client.delete(f"{RESOURCES}/{resource.id}").status_code == 403
    assert member_client.post(f"{RESOURCES}/{resource.id}/verification").status_code == 403


@pytest.mark.parametrize(
    "change, field",
    [
        ({"region": "XX"}, "region"),
        ({"phone": "call me maybe"}, "phone"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.org"}, "url"),
        ({"kind": "bakery"}, "kind"),
        ({"subdivision": "US-CA"}, "subdivision"),
        ({"languages": ["english"]}, "languages.0"),
    ],
)
def test_bad_entries_are_422(as_member, db_session, change, field):
    coach = as_member(role="coach")
    response = coach.post(RESOURCES, json={**NEW, **change})
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert db_session.scalar(select(func.count()).select_from(Resource)) == 0


def test_curator_edits_and_verifies_and_every_change_is_recorded(as_member, db_session):
    coach = as_member(role="coach")
    resource = ResourceFactory()
    url = f"{RESOURCES}/{resource.id}"
    etag = coach.get(url).headers["ETag"]
    assert coach.patch(url, json={"hours": "Weekdays"}, headers={"If-Match": etag}).status_code == 200
    verified = coach.post(f"{url}/verification").json["verification"]
    assert verified["verified_by"]["id"] == str(coach.member.id) and verified["stale"] is False
    actions = db_session.scalars(select(ResourceChange.action).order_by(ResourceChange.created_at)).all()
    assert actions == ["updated", "verified"]
    assert coach.patch(url, json={"hours": "Stale"}, headers={"If-Match": etag}).status_code == 412


def test_entries_unreviewed_for_a_year_are_stale(member_client):
    resource = ResourceFactory(verified_at=utcnow() - dt.timedelta(days=366))
    assert member_client.get(f"{RESOURCES}/{resource.id}").json["verification"]["stale"] is True


def test_member_bookmarks_and_removes(member_client, other_member_client):
    resource = ResourceFactory()
    assert member_client.post(f"/api/v1/members/me/bookmarks/{resource.id}").status_code == 201
    assert member_client.post(f"/api/v1/members/me/bookmarks/{resource.id}").status_code == 201
    saved = member_client.get("/api/v1/members/me/bookmarks").json["items"]
    assert [item["id"] for item in saved] == [str(resource.id)] and saved[0]["is_bookmarked"]
    assert other_member_client.get("/api/v1/members/me/bookmarks").json["items"] == []
    assert other_member_client.delete(f"/api/v1/members/me/bookmarks/{resource.id}").status_code == 404
    assert member_client.delete(f"/api/v1/members/me/bookmarks/{resource.id}").status_code == 204
    assert member_client.get(f"{RESOURCES}/{resource.id}").json["is_bookmarked"] is False


def test_resource_lists_use_a_fixed_number_of_queries(member_client, count_queries):
    resources = ResourceFactory.create_batch(12, verified_at=utcnow())
    for resource in resources:
        member_client.post(f"/api/v1/members/me/bookmarks/{resource.id}")
    for url in (RESOURCES, "/api/v1/members/me/bookmarks", f"{RESOURCES}?q=support"):
        counts = []
        for limit in (1, 12):
            with count_queries() as counter:
                assert (
                    len(member_client.get(f"{url}{'&' if '?' in url else '?'}limit={limit}").json["items"])
                    == limit
                )
            counts.append(counter.count)
        assert counts[0] == counts[1], (url, counts)


def test_search_pages_walk_every_match_once(member_client):
    ResourceFactory.create_batch(7, description="Peer support for recovery.")
    seen, cursor = [], ""
    while True:
        page = member_client.get(f"{RESOURCES}?q=recovery&limit=3{cursor}").json
        seen += [item["id"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert len(seen) == len(set(seen)) == 7


def test_hsds_export_and_import_round_trip(app, db_session, tmp_path):
    ResourceFactory(
        name="Round Trip Line",
        phone="0800 111",
        sms="85258",
        is_24_7=True,
        hours="Always",
        address="1 Road, Leeds",
        languages=["en", "cy"],
        kind="crisis_line",
    )
    runner = app.test_cli_runner()
    path = tmp_path / "hsds.json"
    assert runner.invoke(args=["hsds-export", str(path)]).exit_code == 0
    data = json.loads(path.read_text())
    assert {"organizations", "services", "locations", "phones", "schedules"} <= set(data)
    assert data["services"][0]["name"] == "Round Trip Line"
    db_session.query(Resource).delete()
    db_session.commit()
    result = runner.invoke(args=["hsds-import", str(path)])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    [imported] = db_session.scalars(select(Resource)).all()
    assert (
        imported.name,
        imported.kind,
        imported.phone,
        imported.sms,
        imported.is_24_7,
        imported.address,
    ) == ("Round Trip Line", "crisis_line", "0800 111", "85258", True, "1 Road, Leeds")
    assert imported.languages == ["cy", "en"]


def test_hsds_import_refuses_a_file_that_is_not_json(app, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    result = app.test_cli_runner().invoke(args=["hsds-import", str(path)])
    assert result.exit_code != 0 and "not JSON" in result.output


# --- recovery residences (sober living) ---------------------------------------------------------

RESIDENCE = {
    **NEW,
    "name": "Harbor House",
    "kind": "sober_living",
    "description": "A peer-run recovery residence with house meetings and a curfew.",
    "region": "US",
    "subdivision": "US-FL",
    "cost": "paid",
    "cost_note": "$165 a week, utilities included",
    "certification": "Certified by FARR (NARR affiliate)",
    "narr_level": 2,
    "residence_gender": "women",
    "accepts_mat": True,
}


def test_coach_adds_a_recovery_residence_with_what_people_check(as_member):
    response = as_member(role="coach").post(RESOURCES, json=RESIDENCE)
    assert response.status_code == 201, response.json
    fields = ("cost_note", "certification", "narr_level", "residence_gender", "accepts_mat")
    assert {field: response.json[field] for field in fields} == {field: RESIDENCE[field] for field in fields}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"residence_gender": None}, "residence_gender"),
        ({"residence_gender": "female"}, "residence_gender"),
        ({"narr_level": 5}, "narr_level"),
        ({"narr_level": 0}, "narr_level"),
        ({"accepts_mat": "sometimes"}, "accepts_mat"),
        ({"kind": "helpline"}, "narr_level"),
        ({"cost_note": "x" * 201}, "cost_note"),
    ],
)
def test_bad_residence_details_are_422(as_member, db_session, change, field):
    response = as_member(role="coach").post(RESOURCES, json={**RESIDENCE, **change})
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert db_session.scalar(select(func.count()).select_from(Resource)) == 0


@pytest.mark.parametrize(
    "before, change, field",
    [
        ({"kind": "sober_living", "residence_gender": "men"}, {"kind": "helpline"}, "residence_gender"),
        ({"kind": "helpline"}, {"kind": "sober_living"}, "residence_gender"),
        ({"kind": "helpline"}, {"accepts_mat": False}, "accepts_mat"),
    ],
)
def test_an_edit_that_leaves_residence_details_inconsistent_is_422(as_member, before, change, field):
    coach = as_member(role="coach")
    resource = ResourceFactory(**before)
    etag = coach.get(f"{RESOURCES}/{resource.id}").headers["ETag"]
    response = coach.patch(f"{RESOURCES}/{resource.id}", json=change, headers={"If-Match": etag})
    assert response.status_code == 422 and field in response.json["errors"], response.json


def test_the_database_refuses_residence_details_on_other_kinds(db_session):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        ResourceFactory(kind="helpline", narr_level=2)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("accepts_mat=true", {"Women MAT"}),
        ("accepts_mat=false", {"Men no MAT"}),
        ("residence_gender=women", {"Women MAT", "Anyone"}),
        ("residence_gender=men", {"Men no MAT", "Anyone"}),
        ("residence_gender=any", {"Anyone"}),
        ("kind=sober_living&residence_gender=other", {"Anyone"}),
    ],
)
def test_member_filters_recovery_residences(member_client, query, expected):
    ResourceFactory(name="Women MAT", kind="sober_living", residence_gender="women", accepts_mat=True)
    ResourceFactory(name="Men no MAT", kind="sober_living", residence_gender="men", accepts_mat=False)
    ResourceFactory(name="Anyone", kind="sober_living", residence_gender="any")
    ResourceFactory(name="A helpline")
    assert {item["name"] for item in member_client.get(f"{RESOURCES}?{query}").json["items"]} == expected


def test_residence_details_round_trip_through_hsds(app, db_session, tmp_path):
    ResourceFactory(
        name="Residence",
        kind="sober_living",
        cost="paid",
        cost_note="$140 a week",
        certification="PARR certified",
        narr_level=3,
        residence_gender="men",
        accepts_mat=False,
    )
    runner = app.test_cli_runner()
    path = tmp_path / "hsds.json"
    assert runner.invoke(args=["hsds-export", str(path)]).exit_code == 0
    [service] = json.loads(path.read_text())["services"]
    assert service["accreditations"] == "PARR certified" and service["fees_description"] == "$140 a week"
    assert {"taxonomy_term_id": "peerway-residence-gender:men"} in service["attributes"]
    db_session.query(Resource).delete()
    db_session.commit()
    assert runner.invoke(args=["hsds-import", str(path)]).exit_code == 0
    db_session.expire_all()
    [imported] = db_session.scalars(select(Resource)).all()
    assert (
        imported.kind,
        imported.cost,
        imported.cost_note,
        imported.certification,
        imported.narr_level,
        imported.residence_gender,
        imported.accepts_mat,
    ) == ("sober_living", "paid", "$140 a week", "PARR certified", 3, "men", False)
