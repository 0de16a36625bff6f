"""Who may do what: named checks called at the top of a view."""

from functools import wraps

from flask_jwt_extended import current_user
from flask_smorest import abort

from api.models.members import Member


def current_member() -> Member:
    """The signed-in member (the view must be behind `jwt_required`)."""
    return current_user


def require_role(*roles: str):
    """Allow the view only to members holding one of `roles`; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_member().has_role(*roles):
                abort(403, message="Your role does not allow this.")
            return view(*args, **kwargs)

        return wrapper

    return decorator
