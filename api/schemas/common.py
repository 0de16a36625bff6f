"""Field helpers shared by several domains."""

import marshmallow as ma

from api.timezones import is_time_zone

# Custom OpenAPI formats: a name from the tz database, and an ISO 3166-1 alpha-2 code assigned to a
# country. Typed clients see a string; the format tells them (and spec fuzzers) what kind.
TIME_ZONE_FORMAT = "iana-time-zone"
COUNTRY_FORMAT = "iso-3166-alpha-2"
URL_SCHEMES_PATTERN = {("https",): "https", ("http", "https"): "https?"}


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
        ma.validate.Regexp(
            pattern, error=f"Use a full {' or '.join(schemes)} address, e.g. https://example.org."
        ),
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
