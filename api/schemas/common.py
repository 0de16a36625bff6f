"""Field helpers shared by several domains."""

import datetime as dt
import unicodedata

import marshmallow as ma

from api.timezones import is_time_zone

# Custom OpenAPI formats: a name from the tz database, and an ISO 3166-1 alpha-2 code assigned to a
# country. Typed clients see a string; the format tells them (and spec fuzzers) what kind.
TIME_ZONE_FORMAT = "iana-time-zone"
COUNTRY_FORMAT = "iso-3166-alpha-2"
URL_SCHEMES_PATTERN = {("https",): "https", ("http", "https"): "https?"}


class Pattern(ma.validate.Regexp):
    """A regular expression the whole value must match, as a JSON Schema `pattern` anchored with
    `^...$` means. marshmallow's Regexp uses `re.match`, where `$` also matches before a final
    newline: "GB\\n" would pass `^[A-Z]{2}$` and then overflow a two-character column."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


def _invisible_ranges() -> str:
    """A regex character class of the Basic Multilingual Plane's control characters (but line
    feed and tab) and invisible format characters (bidirectional overrides and isolates,
    zero-width spaces, soft hyphens...): what a title or a name may not hold, since they can make
    one name look like another or reverse the text around it."""
    ranges, start = [], None
    for code in range(0x10000):
        character = chr(code)
        category = unicodedata.category(character)
        bad = (category == "Cc" and character not in "\n\t") or category == "Cf"
        if bad and start is None:
            start = code
        if not bad and start is not None:
            ranges.append((start, code - 1))
            start = None
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


VISIBLE_TEXT_PATTERN = f"^[^{_invisible_ranges()}]*$"


def visible_characters_only() -> Pattern:
    """Refuse control and invisible format characters in titles and names (a JSON Schema
    `pattern`, so clients and fuzzers know the rule)."""
    return Pattern(VISIBLE_TEXT_PATTERN, error="Remove the invisible control or formatting characters.")


# A day of headroom at both ends of what Python can represent, for offsets and durations.
EARLIEST = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
LATEST = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


class BoundedDateTime(ma.fields.AwareDateTime):
    """An RFC 3339 date-time with an offset, between 0001-01-02 and 9999-12-30 in UTC. Outside
    that it is refused: 9999-12-31T23:00:00-12:00 is valid RFC 3339 but has no UTC datetime, and
    would otherwise overflow (a 500) when stored, compared in SQL, or given a duration."""

    def __init__(self, **kwargs):
        metadata = kwargs.pop("metadata", {})
        range_note = "Between 0001-01-02 and 9999-12-30 (UTC)."
        metadata["description"] = (
            f"{metadata['description']} {range_note}" if "description" in metadata else range_note
        )
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            in_range = EARLIEST <= moment.astimezone(dt.UTC) <= LATEST
        except OverflowError:
            in_range = False
        if not in_range:
            raise ma.ValidationError("This date and time is out of range.")
        return moment


class TimeZoneField(ma.fields.String):
    """An IANA time zone name such as `Europe/London`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", ma.validate.Length(max=64))
        metadata = {
            "example": "Europe/London",
            "description": "IANA time zone name.",
            "format": TIME_ZONE_FORMAT,
        }
        metadata.update(kwargs.pop("metadata", {}))
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs)
        if not is_time_zone(name):
            raise ma.ValidationError("Use an IANA time zone name, such as Europe/London.")
        return name


def web_address(*, schemes: tuple[str, ...] = ("https",), max_length: int = 500, **kwargs) -> ma.fields.Url:
    """An absolute web address. Its pattern (a subset of what marshmallow's URL check takes) is
    documented and enforced, so the spec says exactly which addresses are accepted."""
    scheme = URL_SCHEMES_PATTERN[tuple(sorted(schemes))]
    pattern = (
        rf"^{scheme}://([A-Za-z0-9]([A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+[A-Za-z]{{2,63}}"
        r"(:[0-9]{1,5})?(/|[/?#][!-~]+)?$"
    )
    checks = [
        ma.validate.Length(max=max_length),
        Pattern(pattern, error=f"Use a full {' or '.join(schemes)} address, e.g. https://example.org."),
    ]
    return ma.fields.Url(schemes=set(schemes), validate=checks, **kwargs)


class PartialUpdateMixin:
    """Every field optional: a PATCH sends only what changes (marshmallow 4 has no Meta.partial)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)
        # A default would fill in fields the client did not send (and read as required in the spec).
        for field in self.fields.values():
            field.load_default = ma.missing
