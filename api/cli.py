"""Operator commands: `flask grant-role`, `flask seed-demo`, `flask purge-expired`, jobs and sweepers."""

import json
import time
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from api import demo
from api.db import Session, utcnow
from api.idempotency import purge_expired
from api.models.groups import Group
from api.models.members import ROLE_VALUES, Member
from api.services.audit import audit
from api.tokens import purge_expired_login_sessions


def register_commands(app: Flask) -> None:
    register_scheduling_commands(app)
    register_referral_commands(app)
    register_directory_commands(app)
    register_job_commands(app)
    register_bench_commands(app)

    @app.cli.command("grant-role")
    @click.argument("email")
    @click.argument("role", type=click.Choice(ROLE_VALUES))
    @click.option("--trained/--not-trained", default=None, help="Facilitators: the trained badge.")
    def grant_role(email: str, role: str, trained: bool | None) -> None:
        """Give the member with EMAIL the ROLE (member, facilitator, coach, admin)."""
        member = Session.scalars(select(Member).where(Member.email == email.strip().lower())).first()
        if member is None:
            raise click.ClickException(f"No member with email {email}.")
        member.role = role
        if trained is not None:
            member.is_trained_facilitator = trained
        audit("member.role_granted", "member", member.id, role=role, trained=trained)
        Session.commit()
        click.echo(f"{member.email} is now {role}.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Load demo members, groups and sessions (idempotent) and print the logins."""
        logins = demo.seed()
        click.echo(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for role, email in logins:
            click.echo(f"  {role:<12} {email}")

    @app.cli.command("purge-expired")
    def purge() -> None:
        """Delete expired sign-ins and stored idempotent responses past their time to live."""
        click.echo(f"Deleted {purge_expired_login_sessions()} expired sign-ins.")
        click.echo(f"Deleted {purge_expired()} expired idempotency records.")


def register_referral_commands(app: Flask) -> None:
    @app.cli.command("referral-reminders")
    def referral_reminders() -> None:
        """Notify referrers of follow-ups that are due (run daily)."""
        from api.resources.referrals import remind_due_follow_ups

        click.echo(f"Sent {remind_due_follow_ups()} follow-up reminders.")


def register_directory_commands(app: Flask) -> None:
    @app.cli.command("hsds-export")
    @click.argument("path", type=click.Path(dir_okay=False, writable=True))
    def hsds_export(path: str) -> None:
        """Write the directory as Open Referral HSDS JSON to PATH."""
        from api.services.hsds import export_directory

        data = export_directory()
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False))
        click.echo(f"Wrote {len(data['services'])} services to {path}.")

    @app.cli.command("hsds-import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def hsds_import(path: str) -> None:
        """Create or update directory entries from an Open Referral HSDS JSON file."""
        from api.services.hsds import import_directory

        try:
            data = json.loads(Path(path).read_text())
        except json.JSONDecodeError as error:
            raise click.ClickException(f"{path} is not JSON: {error}") from error
        click.echo(f"Imported {import_directory(data)} services (new entries start unverified).")


def register_job_commands(app: Flask) -> None:
    @app.cli.command("send-due-reminders")
    @click.option("--every", type=int, default=0, help="Keep running, checking every N seconds.")
    def send_due_reminders(every: int) -> None:
        """Queue session reminders that are due (or send them inline without Redis)."""
        from api.services.reminders import enqueue_due_reminders

        while True:
            click.echo(f"Queued {enqueue_due_reminders()} reminders.")
            Session.remove()
            if not every:
                break
            time.sleep(every)

    @app.cli.command("webhooks-retry")
    @click.option("--every", type=int, default=0, help="Keep running, checking every N seconds.")
    def webhooks_retry(every: int) -> None:
        """Send (or queue, with Redis) webhook deliveries whose next attempt is due (run every minute)."""
        from api.services.webhooks import send_due

        while True:
            click.echo(f"Handed on {send_due()} due webhook deliveries.")
            Session.remove()
            if not every:
                break
            time.sleep(every)

    @app.cli.command("jobs-worker")
    @click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
    def jobs_worker(burst: bool) -> None:
        """Run an RQ worker for Peerway's queue, with its scheduler for delayed retries (needs REDIS_URL)."""
        from redis import Redis
        from rq import Queue, Worker

        if not app.config.get("JOB_QUEUE_URL"):
            raise click.ClickException("Set REDIS_URL: without it jobs run inline and need no worker.")
        connection = Redis.from_url(app.config["JOB_QUEUE_URL"])
        Worker([Queue(app.config["JOB_QUEUE_NAME"], connection=connection)], connection=connection).work(
            burst=burst, with_scheduler=True
        )


def register_scheduling_commands(app: Flask) -> None:
    @app.cli.command("extend-series")
    def extend_series_command() -> None:
        """Create occurrences of open-ended series up to 26 weeks ahead (run daily)."""
        from api.models.sessions import SessionSeries
        from api.services.sessions import MATERIALIZE_AHEAD, extend_series

        horizon = utcnow() + MATERIALIZE_AHEAD
        created = 0
        for series in Session.scalars(
            select(SessionSeries).where(SessionSeries.materialized_until < horizon)
        ):
            created += extend_series(series, Session.get(Group, series.group_id), horizon)
        Session.commit()
        click.echo(f"Created {created} sessions.")


def register_bench_commands(app: Flask) -> None:
    @app.cli.command("seed-bench")
    @click.option(
        "--scale",
        type=float,
        default=1.0,
        show_default=True,
        help="1 = 100k members, 10k groups, 500k sessions, 2M RSVPs, 1M check-ins, 100k resources.",
    )
    @click.option("--yes", is_flag=True, help="Do not ask before loading.")
    def seed_bench_command(scale: float, yes: bool) -> None:
        """Bulk-load a benchmark dataset into PostgreSQL (an empty, migrated database)."""
        from api.bench_seed import BENCH_EMAIL_DOMAIN, BENCH_PASSWORD, seed_bench

        engine = app.extensions["engine"]
        if engine.dialect.name != "postgresql":
            raise click.ClickException("seed-bench needs DATABASE_URL to name a PostgreSQL database.")
        if not yes:
            click.confirm(f"Load the scale-{scale} benchmark dataset into {engine.url.database}?", abort=True)
        started = time.perf_counter()
        loaded = seed_bench(engine, scale)
        for table, count in loaded.counts.items():
            click.echo(f"{table:>16}: {count:>10,}")
        steps = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in loaded.seconds.items())
        click.echo(f"loaded in {time.perf_counter() - started:.1f}s ({steps})")
        click.echo(f"members sign in as bench<N>@{BENCH_EMAIL_DOMAIN} with {BENCH_PASSWORD}")
