"""Signs of risk in what a member writes, from a curated phrase list kept as data.

What a match does: the post or message is published as usual, its author is shown crisis lines
for their region at once, and a human is told (the group's facilitators, or the coach). Nothing
is hidden or blocked by it; a person decides what happens next. That shapes every choice below:
a false positive costs a gentle offer of support and a look from a facilitator; a miss costs
more. So the list leans towards matching.

The list (`api/data/risk_phrases.json`) is English only, first person, and cites its sources
(C-SSRS, 988 Lifeline "know the signs", Samaritans, NHS). Decisions, and their honest limits:

- Negation still matches: "I don't want to die" is a sign. People who write it are often
  ambivalent ("I don't want to die, I just want it to stop"), and clinically any mention warrants
  a gentle offer. Only explicit denials of the *state* ("I'm not suicidal", "no longer
  suicidal") are removed as false positives.
- Past tense and reported speech match too ("I wanted to die last year", a quoted "I want to
  kill myself"). A keyword list cannot tell a quote, a memory, a joke or a song lyric from a
  present risk; only the few idioms and titles in `not_when` are known (killing it, to die for,
  I'd kill for a coffee, Suicide Squad, Killing Me Softly, shoot me a message, 5 kms...).
- Third person does not match ("she wants to die"): the phrases are first person. A member
  worried about someone else is not the person at risk; facilitators see the post anyway.
- Evasions handled: curly and modifier apostrophes, case, repeated spaces and letters
  ("diiie"), Unicode compatibility forms (full-width letters), invisible characters
  (zero-width spaces, soft hyphens), accents, letters spaced or dotted out ("k i l l myself",
  "s.u.i.c.i.d.a.l"), common digit and symbol swaps inside words ("k1ll mys3lf", "$uicidal"),
  and known euphemisms ("unalive", "sewerslide", "kms"). Not handled: misspellings beyond those,
  other languages, images, and wording nobody has listed yet. It is a prompt for people, never
  a diagnosis, and never a reason to skip moderation.
- Cost: every pattern is a plain alternation without nested quantifiers, and the normalising
  passes are linear, so a 10,000-character body is checked in milliseconds (a test).
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PHRASES_FILE = Path(__file__).resolve().parent.parent / "data" / "risk_phrases.json"
APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u2032": "'", "\uff07": "'"}
)
# Digits and symbols used for letters inside a word ("k1ll", "$uicide"); only in tokens that
# also hold letters, so "24/7" or "5 kms" stay as they are.
LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
WORD_TOKEN = re.compile(r"[a-z0-9@$]+")
HAS_LETTER = re.compile(r"[a-z]")
REPEATED_LETTER = re.compile(r"([a-z])\1{2,}")
# Three or more single letters separated by spaces, dots, dashes, underscores or stars.
SPACED_LETTERS = re.compile(r"(?<![a-z'])[a-z](?![a-z])(?:[ .\-_*]+[a-z](?![a-z'])){2,}")
SPACED_SEPARATORS = re.compile(r"[ .\-_*]+")


@dataclass(frozen=True, slots=True)
class RiskSigns:
    matched: bool
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Patterns:
    phrases: tuple[tuple[str, re.Pattern[str]], ...]
    false_positives: re.Pattern[str] | None


def load_phrase_data() -> dict:
    return json.loads(PHRASES_FILE.read_text(encoding="utf-8"))


@cache
def _patterns() -> _Patterns:
    data = load_phrase_data()
    phrases = tuple((entry["pattern"], re.compile(rf"\b{entry['pattern']}\b")) for entry in data["phrases"])
    exclusions = [entry["pattern"] for entry in data.get("not_when") or []]
    false_positives = (
        re.compile("|".join(rf"(?<![\w']){pattern}\b" for pattern in exclusions)) if exclusions else None
    )
    return _Patterns(phrases, false_positives)


def normalise(text: str) -> str:
    """Lower case, compatibility forms and accents folded, invisible characters dropped, curly
    apostrophes straightened, look-alike digits undone, spaced-out letters joined, spaces collapsed."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    kept = "".join(
        char for char in folded if unicodedata.category(char) not in ("Mn", "Cf") or char in "\n\t"
    )
    cleaned = " ".join(kept.translate(APOSTROPHES).casefold().split())
    cleaned = WORD_TOKEN.sub(_undo_lookalikes, cleaned)
    cleaned = REPEATED_LETTER.sub(r"\1", cleaned)
    return SPACED_LETTERS.sub(lambda match: SPACED_SEPARATORS.sub("", match.group(0)), cleaned)


def _undo_lookalikes(match: re.Match[str]) -> str:
    token = match.group(0)
    return token.translate(LOOKALIKES) if HAS_LETTER.search(token) else token


def find_risk_signs(text: str | None) -> RiskSigns:
    """Which listed phrases the text contains, once its known false positives are set aside."""
    if not text:
        return RiskSigns(False)
    patterns = _patterns()
    cleaned = normalise(text)
    if patterns.false_positives is not None:
        cleaned = patterns.false_positives.sub(" ", cleaned)
    found = tuple(phrase for phrase, pattern in patterns.phrases if pattern.search(cleaned))
    return RiskSigns(bool(found), found)
