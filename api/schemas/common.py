"""Field helpers shared by several domains."""

import marshmallow as ma

from api.timezones import is_time_zone


class TimeZoneField(ma.fields.String):
    """An IANA time zone name such as `Europe/London`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", ma.validate.Length(max=64))
        metadata = {"example": "Europe/London", "description": "IANA time zone name."}
        metadata.update(kwargs.pop("metadata", {}))
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs)
        if not is_time_zone(name):
            raise ma.ValidationError("Use an IANA time zone name, such as Europe/London.")
        return name


class PartialUpdateMixin:
    """Every field optional: a PATCH sends only what changes (marshmallow 4 has no Meta.partial)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)
        # A default would fill in fields the client did not send (and read as required in the spec).
        for field in self.fields.values():
            field.load_default = ma.missing
