"""Crisis help for a region: emergency numbers, curated crisis lines and a wider directory.

The one place every surface asks (the API, the check-in risk path, the /help page and its offline
data), so that no code path can show one country's number to someone in another. Served from data
shipped with the app: no database, so it answers during an outage too.
"""

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from api.errors import Invalid
from api.regions import region_for_time_zone, zone_countries

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EMERGENCY_NUMBERS_FILE = DATA_DIR / "emergency_numbers.json"
CRISIS_LINES_FILE = DATA_DIR / "crisis_lines.json"
# A language tag's region subtag: "en-GB", "pt_BR", "zh-Hant-TW" (RFC 5646: two letters after the language).
REGION_SUBTAG = re.compile(r"^[a-z]{2,3}(?:-[a-z]{4})?-([a-z]{2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EmergencyNumbers:
    """How to reach emergency services in one region. Null numbers mean none could be listed."""

    call_first: str | None
    general: str | None
    also: tuple[str, ...]
    police: str | None
    ambulance: str | None
    fire: str | None
    note: str | None
    source_url: str
    checked_on: str

    def dial_list(self) -> tuple[tuple[str, str], ...]:
        """Each distinct number once, call_first first, with what it reaches ("ambulance, fire")."""
        services: dict[str, list[str]] = {}
        if self.general:
            services[self.general] = ["all emergency services"]
        for number in self.also:
            services.setdefault(number, ["all emergency services"])
        for service in ("police", "ambulance", "fire"):
            number = getattr(self, service)
            if number and number != self.general:
                services.setdefault(number, []).append(service)
        ordered = sorted(services.items(), key=lambda item: item[0] != self.call_first)
        return tuple((number, ", ".join(reaches)) for number, reaches in ordered)


@dataclass(frozen=True, slots=True)
class CrisisLine:
    region: str
    name: str
    description: str
    phone: str | None
    sms: str | None
    sms_keyword: str | None
    chat_url: str | None
    url: str | None
    hours: str
    languages: tuple[str, ...]
    source_url: str
    checked_on: str


@dataclass(frozen=True, slots=True)
class HelplineDirectory:
    name: str
    url: str
    description: str


@dataclass(frozen=True, slots=True)
class RegionChoice:
    """One entry of a country picker."""

    code: str
    name: str
    emergency_number: str | None


# Country names that read with an article in running text: "in the United Kingdom".
NAMES_WITH_ARTICLE = frozenset(
    {"AE", "BS", "CD", "CF", "CG", "CZ", "DO", "FK", "FO", "GB", "GM", "KM", "KY", "MH", "MV", "NL", "PH",
     "SB", "SC", "TC", "UM", "US", "VA", "VG", "VI"}
)


def place_name(code: str, name: str) -> str:
    return f"the {name}" if code in NAMES_WITH_ARTICLE else name


@dataclass(frozen=True, slots=True)
class CrisisHelp:
    """Everything to show someone in `region`; with no region, only the picker and the directory."""

    region: str | None
    region_name: str | None
    place_name: str | None
    emergency_number: str | None
    emergency: EmergencyNumbers | None
    lines: tuple[CrisisLine, ...]
    verified_lines: bool
    directory: HelplineDirectory
    regions: tuple[RegionChoice, ...]


@dataclass(frozen=True, slots=True)
class _Catalogue:
    names: dict[str, str]
    emergency: dict[str, EmergencyNumbers]
    lines: dict[str, tuple[CrisisLine, ...]]
    directory: HelplineDirectory
    regions: tuple[RegionChoice, ...]


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    numbers = json.loads(EMERGENCY_NUMBERS_FILE.read_text(encoding="utf-8"))["regions"]
    curated = json.loads(CRISIS_LINES_FILE.read_text(encoding="utf-8"))
    names = {code: entry["name"] for code, entry in numbers.items()}
    emergency = {
        code: EmergencyNumbers(
            call_first=entry["call_first"],
            general=entry["general"],
            also=tuple(entry["also"]),
            police=entry["police"],
            ambulance=entry["ambulance"],
            fire=entry["fire"],
            note=entry.get("note"),
            source_url=entry["source_url"],
            checked_on=entry["checked_on"],
        )
        for code, entry in numbers.items()
    }
    lines: dict[str, list[CrisisLine]] = {}
    for entry in curated["lines"]:
        line = CrisisLine(**{**entry, "languages": tuple(entry["languages"])})
        lines.setdefault(line.region, []).append(line)
    regions = tuple(
        RegionChoice(code, name, emergency[code].call_first)
        for code, name in sorted(names.items(), key=lambda item: item[1])
    )
    return _Catalogue(
        names=names,
        emergency=emergency,
        lines={code: tuple(found) for code, found in lines.items()},
        directory=HelplineDirectory(**curated["directory"]),
        regions=regions,
    )


def known_region(code: str | None) -> str | None:
    """`code` upper-cased if the data covers it, else None."""
    code = (code or "").strip().upper()
    return code if code in _catalogue().names else None


def crisis_help(region: str | None) -> CrisisHelp:
    """Crisis help for `region` (ISO 3166-1 alpha-2), or only the picker and directory for None.

    An unknown code is refused rather than mapped to a default: a default is some other
    country's number.
    """
    catalogue = _catalogue()
    if region is None:
        return CrisisHelp(None, None, None, None, None, (), False, catalogue.directory, catalogue.regions)
    code = known_region(region)
    if code is None:
        raise Invalid(
            "No crisis data for that region.",
            errors={"region": ["Use an ISO 3166-1 country code such as GB, JP or MX."]},
        )
    emergency = catalogue.emergency[code]
    lines = catalogue.lines.get(code, ())
    return CrisisHelp(
        region=code,
        region_name=catalogue.names[code],
        place_name=place_name(code, catalogue.names[code]),
        emergency_number=emergency.call_first,
        emergency=emergency,
        lines=lines,
        verified_lines=bool(lines),
        directory=catalogue.directory,
        regions=catalogue.regions,
    )


def region_of_member(country: str | None, time_zone: str | None) -> str | None:
    """The member's chosen country, else the country of their time zone, else None (never a guess)."""
    return known_region(country) or known_region(region_for_time_zone(time_zone or ""))


def crisis_help_for_member(country: str | None, time_zone: str | None) -> CrisisHelp:
    """What a check-in that signals risk shows: help for the member's own region."""
    return crisis_help(region_of_member(country, time_zone))


@dataclass(frozen=True, slots=True)
class VisitorHelp:
    """The /help page's subject: help for the visitor's region, and how that region was found."""

    help: CrisisHelp
    chosen: bool
    unknown_region: str | None
    # The region's IANA time zones: the page's script compares the browser's zone with them, so it
    # fetches every country's data only when the visitor seems to be somewhere else.
    time_zones: tuple[str, ...]


def crisis_help_for_visitor(asked_region: str | None, accept_language: str | None) -> VisitorHelp:
    """Help for the region a visitor chose (?region=), else for the region their browser's language
    names. A code the data does not know is reported back, and nothing is guessed in its place."""
    asked = (asked_region or "").strip()
    region = known_region(asked) if asked else region_from_accept_language(accept_language)
    zones = tuple(sorted(zone for zone, country in zone_countries().items() if country == region))
    return VisitorHelp(
        crisis_help(region),
        chosen=bool(asked and region),
        unknown_region=asked[:8] if asked and not region else None,
        time_zones=zones,
    )


def region_from_accept_language(header: str | None) -> str | None:
    """The first known region named in an Accept-Language header ("en-GB,en;q=0.8" -> "GB").

    A bare language ("en", "es") names no country, so it gives None rather than a guess.
    """
    tags = []
    for position, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        tags.append((-quality, position, tag.strip()))
    for _quality, _position, tag in sorted(tags):
        match = REGION_SUBTAG.match(tag.replace("_", "-"))
        if match and known_region(match.group(1)):
            return match.group(1).upper()
    return None


@lru_cache(maxsize=1)
def offline_document() -> tuple[bytes, str]:
    """Every region's help as one JSON document (for the /help page's offline re-rendering), and its ETag.

    Holds each region's name, emergency numbers and lines, the directory, and a map from IANA time
    zone to country (tzdata's zone.tab), so a cached page can find the visitor's country offline.
    """
    catalogue = _catalogue()
    document = {
        "directory": asdict(catalogue.directory),
        "regions": {
            code: {
                "name": catalogue.names[code],
                "place_name": place_name(code, catalogue.names[code]),
                "emergency": _without_sources(asdict(catalogue.emergency[code])),
                "lines": [asdict(line) for line in catalogue.lines.get(code, ())],
            }
            for code in sorted(catalogue.names)
        },
        "time_zones": dict(sorted(zone_countries().items())),
    }
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return body, hashlib.sha256(body).hexdigest()[:32]


def _without_sources(emergency: dict) -> dict:
    """The page shows where each line comes from; for emergency numbers the data file keeps it."""
    return {key: value for key, value in emergency.items() if key not in ("source_url", "checked_on")}
