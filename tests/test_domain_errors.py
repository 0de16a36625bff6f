"""Services raise domain errors; the app answers them as problem+json in one place."""

import pytest

from api.errors import Conflict, Forbidden, Invalid, NotFound


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        (NotFound("No group with that id."), 404, "not-found"),
        (Forbidden("Only the group's facilitators can do that."), 403, "forbidden"),
        (Conflict("That session is full.", kind="session-full"), 409, "session-full"),
        (Invalid("Pick a country.", errors={"country": ["Unknown code."]}), 422, "unprocessable-entity"),
    ],
)
def test_domain_error_answers_problem_json(app, error, status, kind):
    with app.test_request_context("/api/v1/anything"):
        response = app.handle_user_exception(error)
    body = response.get_json()
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert body["status"] == status
    assert body["detail"] == error.detail
    assert body["type"].endswith("/" + kind)
    assert body.get("errors") == error.errors
