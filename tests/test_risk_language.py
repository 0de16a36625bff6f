"""The crisis-language list: what it catches, the known false positives it leaves alone, its data
file's shape, and its cost on long bodies."""

import datetime as dt
import re
import time

import pytest

from api.services.risk_language import find_risk_signs, load_phrase_data, normalise

SHOULD_MATCH = [
    "I want to kill myself",
    "Some nights I think about killing myself.",
    "I nearly killed myself last winter",
    "I'm going to end my life",
    "I just want to end it all",
    "I might end it tonight",
    "I'm thinking of taking my own life",
    "I want to die",
    "i wanna die",
    "I don't want to die but I can't live like this",  # negation still gets a gentle offer
    "Sometimes I wish I was dead",
    "I wish I'd never been born",
    "I want to go to sleep and not wake up",
    "I hope I don't wake up tomorrow",
    "I don't want to be here anymore",
    "I don't want to exist",
    "I'm so tired of living",
    "Everyone would be better off without me",
    "Honestly I'd be better off dead",
    "I feel like such a burden",
    "I've been feeling suicidal again",
    "I'm thinking about suicide a lot",
    "I wrote a suicide note",
    "I have a plan to end it",
    "There's no reason to live",
    "I've got nothing left to live for",
    "There's no point in living",
    "Life isn't worth living",
    "I can't go on.",
    "I can't go on like this",
    "I cannot keep going anymore",
    "I have the urge to cut myself",
    "I started cutting again",
    "I've been hurting myself on purpose",
    "I want to self-harm",
    "I relapsed on self harm",
    "I'm going to overdose on purpose",
    "I'm saving up my pills",
    "I could take all of my pills tonight",
    "I'm going to jump off the bridge",
    "I bought a rope",
    "I'm giving away all my things",
    "I wanted to say goodbye to everyone",
    "This is my final goodbye",
    "I'm not safe right now",
    "I can't keep myself safe",
    "I want to unalive myself",
    "thinking about sewerslide",
    "honestly i might just kms",
    # evasions and typography
    "I want to k i l l myself",
    "I’m s.u.i.c.i.d.a.l",
    "I want to k1ll mys3lf",
    "I WANT TO DIE",
    "I   want    to   die",
    "I want to ｋｉｌｌ ｍｙｓｅｌｆ",
    "I want to kil\u200bl myself",
    "I wanna diiiie",
    "I can’t go on",
    "I want to kíll myself",
    'My friend said "I want to kill myself" and I said it too',
]

SHOULD_NOT_MATCH = [
    "I'm killing it at work this week",
    "She killed it at open mic night",
    "I'm dying to try the new café",
    "I could kill for a coffee",
    "I'd kill for a nap right now",
    "This cake is to die for",
    "We watched Suicide Squad last night",
    "I'm not suicidal, just exhausted",
    "I've never been suicidal",
    "This commute is killing me",
    "Work is killing me",
    "The deadline is tomorrow",
    "Just shoot me a message when you're free",
    "Shoot me a text later",
    "Killing Me Softly came on the radio",
    "Suicide prevention week starts Monday",
    "I went to a suicide awareness talk",
    "I ran 5 kms today",
    "We drove 40 kms to the lake",
    "I want to die my hair blue",
    "I really shot myself in the foot there",
    "I hurt myself at the gym yesterday",
    "I cut myself shaving",
    "I can't go on holiday this year",
    "I can't go on Tuesday, sorry",
    "I don't want to wake up early tomorrow",
    "I don't want to live in London",
    "I don't want to be here at this party",
    "Life is worth living, I see that now",
    "I could sleep forever",
    "My dog died last year and I still miss him",
    "She wants to die her hair",
    "The phone battery is dead",
    "I'm dead tired",
    "That joke killed me",
    "I'm a bit of a burden on the bus with my big bag",
    "I drive a Kia",
    "24/7 support is available",
    "I'm in recovery and doing well",
    "The band Suicidal Tendencies is loud",
    "I'm going to end the call now",
    "My kid wants to be a vet",
    "I overdid it at the gym",
    "We said goodbye at the station",
    "I need to cut back on sugar",
    "",
]


@pytest.mark.parametrize("sentence", SHOULD_MATCH)
def test_a_sign_of_risk_is_found(sentence):
    assert find_risk_signs(sentence).matched, normalise(sentence)


@pytest.mark.parametrize("sentence", SHOULD_NOT_MATCH)
def test_a_known_false_positive_is_left_alone(sentence):
    signs = find_risk_signs(sentence)
    assert not signs.matched, signs.phrases


def test_the_tables_are_large_enough():
    assert len(SHOULD_MATCH) >= 40 and len(SHOULD_NOT_MATCH) >= 40


def test_matches_name_the_phrases_found():
    signs = find_risk_signs("I want to die. I want to kill myself.")
    assert len(signs.phrases) == 2
    assert find_risk_signs(None).phrases == ()


def test_the_data_file_cites_its_sources_and_is_reviewed():
    data = load_phrase_data()
    assert data["language"] == "en"
    assert dt.date.fromisoformat(data["reviewed"]) <= dt.date.today() + dt.timedelta(days=1)
    assert {"cssrs", "988", "samaritans", "nhs"} <= set(data["sources"])
    for source in data["sources"].values():
        assert source["name"] and source["url"].startswith("https://")
    for entry in data["phrases"]:
        assert entry["source"] in data["sources"], entry
    for entry in data["not_when"]:
        assert entry["why"], entry


def test_every_pattern_compiles_and_is_unique():
    data = load_phrase_data()
    patterns = [entry["pattern"] for entry in data["phrases"] + data["not_when"]]
    assert len(patterns) == len(set(patterns))
    for pattern in patterns:
        re.compile(rf"\b{pattern}\b")
        assert pattern == pattern.lower(), "text is matched lower-cased"


@pytest.mark.parametrize(
    "body",
    [
        "I want to " * 1000,
        "a " * 5000,
        "a." * 5000,
        "1" * 10_000,
        "k" * 10_000,
        "x y " * 2500,
        ("can't go on " * 900)[:10_000],
        "ᴋ\u200b" * 5000,
    ],
)
def test_a_long_body_is_checked_quickly(body):
    started = time.perf_counter()
    find_risk_signs(body)
    assert time.perf_counter() - started < 0.5
