"""ISO 3166 countries and the country of an IANA time zone, from the tz database (tzdata)."""

from functools import lru_cache
from importlib import resources


def _table(name: str) -> list[list[str]]:
    text = (resources.files("tzdata") / "zoneinfo" / name).read_text()
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> country name."""
    return {row[0]: row[1] for row in _table("iso3166.tab")}


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    """IANA time zone -> the ISO 3166-1 alpha-2 code of its country (zone.tab: one country per zone)."""
    return {row[2]: row[0] for row in _table("zone.tab") if len(row) >= 3}


def is_country(code: str) -> bool:
    return code in countries()


def region_for_time_zone(time_zone: str) -> str | None:
    return zone_countries().get(time_zone)
