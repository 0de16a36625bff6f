"""The vocabulary of live events, shared by the service that publishes them and the schemas that
document them (schemas import no service)."""

CHANNEL_KINDS = ("group", "relationship", "member")
# A UUID with or without dashes; `parse_channel` in the service checks it really is one.
HEX_UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
CHANNEL_REGEX = rf"^(group|relationship|member):({HEX_UUID})$"
EVENT_TYPES = (
    "thread.created",
    "thread.updated",
    "post.created",
    "post.updated",
    "post.hidden",
    "post.restored",
    "reaction.changed",
    "message.created",
    "message.read",
    "notification.created",
)
