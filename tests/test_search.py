"""Search that finds what people mean: synonyms as data, stemming, names/topics/descriptions,
safe query building, bounded ranking, and the search boxes' examples on the demo data.

Runs on the database of the session (SQLite FTS5 by default; PostgreSQL full-text search with
TEST_DATABASE_URL=postgresql+psycopg://...), so both engines are held by the same tests.
"""

import json
from pathlib import Path

import pytest

from api.services import directory, search
from tests.factories import GroupFactory, ResourceFactory

RESOURCES = "/api/v1/resources"
GROUPS = "/api/v1/groups"
EXAMPLES = Path(__file__).resolve().parent.parent / "frontend" / "src" / "searchExamples.json"


def names(response) -> set[str]:
    assert response.status_code == 200, response.json
    return {item["name"] for item in response.json["items"]}


# --- the synonym list and the query parser ------------------------------------------------------


def test_every_synonym_group_explains_itself_and_has_alternatives():
    groups = search.synonym_groups()
    assert len(groups) >= 20
    for group in groups:
        assert len(group.note) > 10, group
        assert len({" ".join(search.words(term)) for term in group.terms}) >= 2, group


@pytest.mark.parametrize(
    "together",
    [
        {"self harm", "self-harm", "self injury"},
        {"depression", "low mood"},
        {"housing", "homeless", "shelter"},
        {"sober living", "recovery housing", "recovery residence"},
        {"anxiety", "panic", "worry"},
        {"alcohol", "drinking"},
        {"drugs", "substance use"},
        {"grief", "bereavement", "loss"},
        {"suicide", "suicidal"},
    ],
)
def test_the_required_synonyms_share_a_group(together):
    assert any(together <= set(group.terms) for group in search.synonym_groups())


def test_hyphens_and_inflections_reach_the_same_synonyms():
    assert search.parse("self-harm") == search.parse("Self harm") == search.parse("self injuries")
    assert "low mood" in search.parse("depressed").concepts[0]


def test_the_longest_synonym_phrase_wins():
    [concept] = search.parse("recovery housing").concepts
    assert "sober living" in concept and "homeless" not in concept


def test_stop_words_alone_are_not_required_but_stay_inside_phrases():
    assert search.parse("help for the anxiety") == search.parse("help anxiety")
    assert "wanting to die" in search.parse("suicidal").concepts[0]


def test_a_query_of_punctuation_or_stop_words_has_nothing_to_look_for():
    assert not search.parse("?!* -- ''")
    assert not search.parse("the and of")


def test_fts5_query_quotes_every_phrase():
    match = search.fts5_match(search.parse('gambling NEAR(x) "quoted" OR'))
    assert "NEAR(" not in match and '"near"' in match and '"quoted"' in match
    assert match.startswith("(") and " AND " in match


# --- directory search -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, description",
    [
        ("self harm", "Support for anyone who self-injures or thinks about self-injury."),
        ("self-harm", "Talk to us about self harm, any time."),
        ("depression", "A space for anyone living with low mood."),
        ("housing", "Emergency shelter and advice for people who are homeless."),
        ("anxiety", "Help with panic attacks."),
        ("drinking", "Support about alcohol."),
        ("sober living", "A recovery residence for people leaving treatment."),
        ("meetings", "A weekly meeting for families."),
    ],
)
def test_member_finds_an_entry_by_what_they_mean(member_client, query, description):
    ResourceFactory(name="Meant", description=description)
    ResourceFactory(name="Unrelated", description="Legal advice about benefits and debts at work.")
    assert names(member_client.get(RESOURCES, query_string={"q": query})) == {"Meant"}


def test_topics_and_the_kind_are_searched(member_client):
    ResourceFactory(name="Tagged", tags=["eating disorders"], description="Call us any day.")
    ResourceFactory(name="A residence", kind="sober_living", residence_gender="any", description="A home.")
    assert names(member_client.get(RESOURCES, query_string={"q": "anorexia"})) == {"Tagged"}
    assert names(member_client.get(RESOURCES, query_string={"q": "recovery residence"})) == {"A residence"}


def test_every_concept_of_a_query_must_match(member_client):
    ResourceFactory(name="Gambling helpline", description="Call about betting.")
    ResourceFactory(name="Gambling groups", kind="peer_community", description="Meet others who gamble.")
    assert names(member_client.get(RESOURCES, query_string={"q": "gambling hotline"})) == {
        "Gambling helpline"
    }


def test_a_name_match_ranks_above_a_description_match(member_client):
    ResourceFactory(name="General support", description="We can also talk about grief.")
    ResourceFactory(name="Grief line", description="Someone to talk to.")
    items = member_client.get(RESOURCES, query_string={"q": "bereavement"}).json["items"]
    assert [item["name"] for item in items] == ["Grief line", "General support"]


@pytest.mark.parametrize(
    "query", ["?!*", '"', '"unbalanced', "NEAR(a b", "a OR", "-x", "name:x", "^x*", "the", "'); --"]
)
def test_query_syntax_in_the_search_box_is_text_never_an_error(member_client, query):
    ResourceFactory(name="Safe", description="Near a line of support.")
    assert member_client.get(RESOURCES, query_string={"q": query}).status_code == 200
    assert member_client.get(GROUPS, query_string={"q": query}).status_code == 200


def test_the_index_follows_edits_and_deletes(as_member, db_session):
    coach = as_member(role="coach")
    resource = ResourceFactory(name="Old name", description="A helpline for carers.")
    etag = coach.get(f"{RESOURCES}/{resource.id}").headers["ETag"]
    coach.patch(f"{RESOURCES}/{resource.id}", json={"name": "Bereavement line"}, headers={"If-Match": etag})
    assert names(coach.get(RESOURCES, query_string={"q": "grief"})) == {"Bereavement line"}
    assert names(coach.get(RESOURCES, query_string={"q": "old"})) == set()
    db_session.delete(db_session.get(type(resource), resource.id))
    db_session.flush()
    assert names(coach.get(RESOURCES, query_string={"q": "grief"})) == set()


def test_ranking_reads_a_bounded_candidate_set_and_pages_walk_it_once(member_client, monkeypatch):
    monkeypatch.setattr(directory, "SEARCH_CANDIDATES", 5)
    ResourceFactory.create_batch(8, description="Peer support for recovery.")
    seen, cursor = [], {}
    while True:
        page = member_client.get(RESOURCES, query_string={"q": "recovery", "limit": 2, **cursor}).json
        seen += [item["id"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = {"cursor": page["next_cursor"]}
    assert len(seen) == len(set(seen)) == 5


# --- group search -----------------------------------------------------------------------------


def test_member_finds_groups_by_topic_and_by_synonym(member_client):
    GroupFactory(name="Thursday circle", topics=["eating_disorders"], description="We meet weekly.")
    GroupFactory(name="Evening group", topics=["wellbeing"], description="For anyone with low mood.")
    assert names(member_client.get(GROUPS, query_string={"q": "bulimia"})) == {"Thursday circle"}
    assert names(member_client.get(GROUPS, query_string={"q": "depression"})) == {"Evening group"}


def test_group_index_follows_topic_and_name_changes(group_setup):
    setup = group_setup(name="Monday circle", topics=["wellbeing"], description="A calm hour.")
    facilitator = setup.facilitator
    url = f"{GROUPS}/{setup.group.id}"
    etag = facilitator.get(url).headers["ETag"]
    changes = {"topics": ["gambling"], "name": "Tuesday circle"}
    response = facilitator.patch(url, json=changes, headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    assert names(facilitator.get(GROUPS, query_string={"q": "betting"})) == {"Tuesday circle"}
    assert names(facilitator.get(GROUPS, query_string={"q": "monday"})) == set()


def test_sessions_are_found_through_their_group(member_client):
    from tests.factories import GroupSessionFactory

    GroupSessionFactory(group=GroupFactory(name="Grief circle", topics=["grief"]))
    GroupSessionFactory(group=GroupFactory(name="Other circle", topics=["gambling"]))
    response = member_client.get("/api/v1/sessions", query_string={"q": "bereavement"})
    assert response.status_code == 200 and len(response.json["items"]) == 1


# --- the search boxes' examples on the demo data ----------------------------------------------


def test_every_search_box_example_finds_something_in_the_demo_data(app, member_client):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    examples = json.loads(EXAMPLES.read_text())
    for path, key in ((RESOURCES, "resources"), (GROUPS, "groups")):
        assert examples[key]
        for example in examples[key]:
            found = names(member_client.get(path, query_string={"q": example}))
            assert found, f"the example {example!r} finds no {key} in the demo data"
