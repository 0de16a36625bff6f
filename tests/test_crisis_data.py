"""The crisis data itself: every country covered, every emergency number one libphonenumber knows
for its region, every curated line sourced and dated, and no default number anywhere."""

import datetime as dt
import json

import phonenumbers
import pytest
from phonenumbers import shortnumberinfo
from phonenumbers.phonemetadata import PhoneMetadata

from api.regions import countries
from api.services.crisis import CRISIS_LINES_FILE, EMERGENCY_NUMBERS_FILE

EMERGENCY = json.loads(EMERGENCY_NUMBERS_FILE.read_text(encoding="utf-8"))
REGIONS = EMERGENCY["regions"]
CURATED = json.loads(CRISIS_LINES_FILE.read_text(encoding="utf-8"))
LINES = CURATED["lines"]
NUMBER_FIELDS = ("general", "police", "ambulance", "fire")

# Places with no public emergency service at all: uninhabited, or only research or military staff.
NO_PUBLIC_SERVICE = {"AQ", "BV", "GS", "HM", "IO", "TF", "UM"}
# Inhabited places for which no number could be cross-checked (libphonenumber has none for them):
# the page says so and points to the directory. Shrink this list, never grow it without a source.
NO_CHECKABLE_NUMBER = {"GN", "GQ", "PN", "TK"}

# The 40 most populous countries, United Nations World Population Prospects 2024 (estimates for
# 1 July 2024, https://population.un.org/wpp/), plus the three closest to 40th place (AO, UA, UZ)
# because the order there shifts between revisions.
MOST_POPULOUS = (
    "IN CN US ID PK NG BR BD RU ET MX JP EG PH CD VN IR TR DE TH GB TZ FR ZA IT KE MM CO KR SD "
    "UG ES DZ IQ AR AF YE CA PL MA AO UA UZ"
).split()
# EU member states (https://european-union.europa.eu/principles-countries-history/eu-countries_en)
# and the EEA's other members.
EU_EEA = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO").split()
BEFORE_THIS_ISSUE = ("US", "GB", "IE", "CA", "AU", "NZ", "FR", "DE")


def all_numbers(entry: dict) -> list[str]:
    return [entry[field] for field in NUMBER_FIELDS if entry[field]] + entry["also"]


def test_every_iso_country_and_every_libphonenumber_region_has_an_entry():
    expected = set(countries()) | set(phonenumbers.SUPPORTED_SHORT_REGIONS)
    assert set(REGIONS) == expected


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_every_emergency_number_is_one_libphonenumber_knows_for_its_region(region):
    entry = REGIONS[region]
    for number in all_numbers(entry):
        assert shortnumberinfo.is_emergency_number(number, region), (
            f"{number} is not an emergency number in {region}"
        )
    if all_numbers(entry):
        assert entry["call_first"] in all_numbers(entry)


def test_only_the_listed_places_have_no_emergency_number():
    without = {code for code, entry in REGIONS.items() if not all_numbers(entry)}
    assert without == NO_PUBLIC_SERVICE | NO_CHECKABLE_NUMBER
    for code in without:
        assert REGIONS[code]["call_first"] is None
        assert len(REGIONS[code]["note"]) > 40, f"{code} must say why it has no number"


def test_places_without_a_checkable_number_are_really_missing_from_libphonenumber():
    """When libphonenumber gains one of them, this fails: add the number instead of the note."""
    for code in NO_CHECKABLE_NUMBER | NO_PUBLIC_SERVICE:
        metadata = PhoneMetadata.short_metadata_for_region(code)
        assert metadata is None or metadata.emergency is None, code


def test_every_emergency_entry_names_its_place_source_and_check_date():
    for code, entry in REGIONS.items():
        assert entry["name"], code
        assert entry["source_url"].startswith("https://"), code
        assert dt.date.fromisoformat(entry["checked_on"]) <= dt.date.today(), code


def test_there_is_no_default_number_for_unknown_places():
    assert not {"DEFAULT", "default", "*", "ZZ"} & set(REGIONS)
    assert "emergency_numbers" not in CURATED  # one source of emergency numbers only


def test_known_numbers_people_call():
    assert all_numbers(REGIONS["JP"]) == ["110", "119", "119"]
    assert REGIONS["MX"]["call_first"] == "911"
    assert REGIONS["GB"]["general"] == "999" and REGIONS["GB"]["also"] == ["112"]
    assert REGIONS["US"]["call_first"] == "911"
    assert REGIONS["AU"]["call_first"] == "000"
    assert REGIONS["DE"]["general"] == "112" and REGIONS["DE"]["police"] == "110"


@pytest.mark.parametrize("line", LINES, ids=lambda line: f"{line['region']}-{line['name'][:24]}")
def test_every_curated_line_is_sourced_dated_and_reachable(line):
    assert line["region"] in REGIONS
    assert line["phone"] or line["sms"] or line["chat_url"], "a line needs a way to reach it"
    assert line["source_url"].startswith(("https://", "http://"))
    assert dt.date.fromisoformat(line["checked_on"]) <= dt.date.today()
    assert line["hours"].strip()
    assert line["languages"] and all(2 <= len(code) <= 3 for code in line["languages"])
    for field in ("url", "chat_url"):
        assert line[field] is None or line[field].startswith(("https://", "http://"))


def test_most_populous_and_eu_eea_countries_have_lines_or_say_none_is_verified():
    with_lines = {line["region"] for line in LINES}
    unverified = set(CURATED["no_verified_line"])
    assert not with_lines & unverified, "a country cannot both have lines and none verified"
    missing = [code for code in {*MOST_POPULOUS, *EU_EEA} if code not in with_lines | unverified]
    assert missing == []
    assert all(reason.strip() for reason in CURATED["no_verified_line"].values())


def test_lines_cover_more_than_the_countries_listed_before():
    with_lines = {line["region"] for line in LINES}
    assert set(BEFORE_THIS_ISSUE) <= with_lines
    assert len(with_lines & {*MOST_POPULOUS, *EU_EEA}) >= 35


def test_the_data_files_say_how_they_were_checked():
    for document in (EMERGENCY, CURATED):
        assert "libphonenumber" in document["note"] or "stored" in document["note"]
        assert "dialled" in document["note"]
        assert dt.date.fromisoformat(document["compiled_on"]) <= dt.date.today()
