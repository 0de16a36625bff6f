"""Peerway API: the app factory."""

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from api import db, parsing  # noqa: F401  (parsing installs the request parser before any view)
from api.compression import Compression
from api.conditional import add_requested_etag
from api.config import Config
from api.errors import PeerwayApi, register_error_handlers, register_jwt_error_loaders
from api.extensions import cors, jwt, migrate
from api.ratelimits import create_limiter
from api.spec import SPEC_INFO, OperationDefaultsPlugin, ResponseFieldsRequiredPlugin, configure_spec
from api.tokens import register_token_loaders
from api.web import (
    add_security_headers,
    docs_blp,
    keep_retry_after_for_refusals,
    log_request,
    spa_blp,
    start_timer,
)


def create_app(config: Config | None = None) -> Flask:
    config = config or Config()
    app = Flask(__name__, instance_path=str(config.INSTANCE_PATH), static_folder=None)
    app.config.from_object(config)
    app.json.sort_keys = False
    logging.basicConfig(level=logging.INFO)
    if app.config["TRUSTED_PROXY_COUNT"]:
        count = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    db.init_app(app)
    migrate.init_app(app, db=None, directory=str(config.PROJECT_ROOT_MIGRATIONS))
    jwt.init_app(app)
    register_jwt_error_loaders(jwt)
    register_token_loaders(jwt)
    cors.init_app(
        app,
        resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
        expose_headers=["ETag", "Location", "Retry-After", "Idempotent-Replayed"],
        allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key"],
        max_age=600,
        always_send=False,
    )
    # Registered before the limiter so that it runs after it (Flask runs these in reverse order):
    # Flask-Limiter adds Retry-After to every response; it belongs only on refusals.
    app.after_request(keep_retry_after_for_refusals)
    app.extensions["limiter"] = limiter = create_limiter(app)

    api = PeerwayApi(
        app,
        spec_kwargs={
            "info": SPEC_INFO,
            "servers": [{"url": "/", "description": "This server"}],
            "extra_plugins": [OperationDefaultsPlugin()],
            "marshmallow_plugin": ResponseFieldsRequiredPlugin(),
        },
    )
    configure_spec(api)
    app.extensions["smorest_api"] = api
    _register_blueprints(app, api, limiter)
    register_error_handlers(app)
    app.before_request(start_timer)
    app.after_request(add_security_headers)
    # Hooks run in reverse order: the ETag is computed over the plain body, then compression
    # (config: COMPRESS_*) makes it "<etag>:br" and answers a matching If-None-Match with 304.
    Compression(app)
    app.after_request(add_requested_etag)  # runs before the headers hook, which answers 304s
    app.after_request(log_request)

    from api.cli import register_commands

    register_commands(app)
    return app


def _register_blueprints(app: Flask, api: PeerwayApi, limiter) -> None:
    from api.resources import (
        auth,
        calendars,
        check_ins,
        clinic_api,
        clinic_webhooks,
        clinics,
        coaching_plans,
        coaching_relationships,
        consents,
        crisis,
        directory,
        feeds,
        groups,
        health,
        help_page,
        members,
        memberships,
        moderation,
        notifications,
        oauth,
        referrals,
        rsvps,
        sessions,
    )

    limiter.limit(app.config["RATELIMIT_AUTH"])(auth.blp)
    limiter.limit(app.config["RATELIMIT_AUTH"])(oauth.blp)
    for module in (
        auth,
        members,
        notifications,
        groups,
        memberships,
        sessions,
        rsvps,
        calendars,
        coaching_relationships,
        coaching_plans,
        check_ins,
        crisis,
        directory,
        referrals,
        moderation,
        feeds,
        consents,
        clinics,
        oauth,
        clinic_api,
        clinic_webhooks,
        health,
    ):
        api.register_blueprint(module.blp)
    api.register_blueprint(auth.tokens_blp)
    api.register_blueprint(auth.devices_blp)
    # Live updates (tickets, the Server-Sent Events stream, polling); imported here, on its own.
    from api.resources import events as live_events

    api.register_blueprint(live_events.blp)
    # Coach messages: sending is limited per member (the key reads the token), shared via Redis.
    from api.resources import coach_messages

    limiter.limit(
        app.config["RATELIMIT_COACH_MESSAGES"], key_func=coach_messages.rate_limit_key, methods=["POST"]
    )(coach_messages.blp)
    api.register_blueprint(coach_messages.blp)
    # Conversation pace rules and the approval queue (facilitators).
    from api.resources import conversation_moderation

    api.register_blueprint(conversation_moderation.blp)
    # Group conversations: threads, replies, reactions (posting limited per member in the view).
    from api.resources import conversations

    api.register_blueprint(conversations.blp)
    app.register_blueprint(docs_blp)
    app.register_blueprint(help_page.blp)  # the server-rendered /help, before the SPA's catch-all
    app.register_blueprint(spa_blp)
