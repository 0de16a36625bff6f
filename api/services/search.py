"""Turning what someone typed into a full-text query, expanded with the curated synonyms.

A query is a list of *concepts*, all of which must match (AND). A concept is one word the person
typed, or a phrase of the synonym list (`api/data/search_synonyms.json`) found in what they typed,
and it matches when ANY of its alternatives does (OR): "self harm helpline" becomes
("self harm" | "self injury" | ...) & ("helpline" | "hotline" | ...). The synonyms are applied here,
at query time, so editing the list needs no re-indexing.

The query is built from lexemes, never by pasting user input into query syntax: on PostgreSQL each
alternative is a bound `phraseto_tsquery('english', :phrase)`, combined with the tsquery operators
`||` and `&&`; on SQLite each alternative is an FTS5 string (only word characters, quoted), combined
with `OR` and `AND`, passed to MATCH as one bound parameter.
"""

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer
from sqlalchemy import bindparam, func, literal_column
from sqlalchemy.sql.elements import ColumnElement

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "search_synonyms.json"
# What FTS5's unicode61 tokenizer and PostgreSQL's parser treat as one word: letters and digits.
# Hyphens, apostrophes and underscores separate words, so "self-harm" is "self harm".
WORD = re.compile(r"[^\W_]+")
MAX_CONCEPTS = 10
# PostgreSQL's english.stop list (tsearch_data/english.stop), so both databases drop the same
# words: FTS5 keeps every word, and "help for anxiety" must not require the word "for".
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own
    same so than too very s t can will just don should now""".split()
)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for: every concept must match; a concept matches if any phrase in it does."""

    concepts: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.concepts)


@dataclass(frozen=True, slots=True)
class SynonymGroup:
    note: str
    terms: tuple[str, ...]


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("english")


def _stems(tokens: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_stemmer().stemWords(list(tokens)))


@functools.cache
def synonym_groups() -> tuple[SynonymGroup, ...]:
    data = json.loads(SYNONYMS_FILE.read_text())
    return tuple(SynonymGroup(group["note"], tuple(group["terms"])) for group in data["groups"])


@functools.cache
def _synonym_index() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """Stemmed phrase → every term of the groups it belongs to (normalised), and the longest phrase."""
    index: dict[tuple[str, ...], dict[str, None]] = {}
    for group in synonym_groups():
        phrases = [" ".join(words(term)) for term in group.terms]
        for phrase in phrases:
            alternatives = index.setdefault(_stems(phrase.split()), {})
            alternatives.update(dict.fromkeys(phrases))
    longest = max((len(key) for key in index), default=1)
    return {key: tuple(value) for key, value in index.items()}, longest


def parse(text: str) -> SearchQuery:
    """Split a query into concepts, longest synonym phrase first; stop words alone are dropped."""
    index, longest = _synonym_index()
    tokens = words(text)
    stems = _stems(tokens)
    concepts: list[tuple[str, ...]] = []
    position = 0
    while position < len(tokens) and len(concepts) < MAX_CONCEPTS:
        for length in range(min(longest, len(tokens) - position), 0, -1):
            alternatives = index.get(stems[position : position + length])
            if alternatives:
                concepts.append(alternatives)
                position += length
                break
        else:
            if tokens[position] not in STOP_WORDS:
                concepts.append((tokens[position],))
            position += 1
    return SearchQuery(tuple(dict.fromkeys(concepts)))


def postgres_tsquery(query: SearchQuery) -> ColumnElement:
    """(phrase || phrase ...) && (...): every phrase a bound parameter of phraseto_tsquery."""
    english = literal_column("'english'::regconfig")
    combined = None
    for alternatives in query.concepts:
        concept = None
        for phrase in alternatives:
            part = func.phraseto_tsquery(english, bindparam(None, phrase, unique=True))
            concept = part if concept is None else concept.op("||")(part).self_group()
        combined = concept if combined is None else combined.op("&&")(concept).self_group()
    return combined


def fts5_match(query: SearchQuery) -> str:
    """("self harm" OR "self injury") AND "helpline": each phrase an FTS5 string of word tokens."""
    return " AND ".join(
        "(" + " OR ".join(_fts5_string(phrase) for phrase in alternatives) + ")"
        for alternatives in query.concepts
    )


def _fts5_string(phrase: str) -> str:
    # Phrases hold only word characters and spaces (see WORD); doubling quotes is FTS5's escape,
    # kept so that this stays safe even if that changes.
    return '"' + phrase.replace('"', '""') + '"'
