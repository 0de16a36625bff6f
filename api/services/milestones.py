"""Recovery milestones from the member's private start date: celebrate, never judge."""

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

FIXED = [
    ("24 hours", relativedelta(days=1)),
    ("30 days", relativedelta(days=30)),
    ("60 days", relativedelta(days=60)),
    ("90 days", relativedelta(days=90)),
    ("6 months", relativedelta(months=6)),
    ("9 months", relativedelta(months=9)),
    ("1 year", relativedelta(years=1)),
    ("18 months", relativedelta(months=18)),
]


def milestone_dates(start: dt.date, until: dt.date) -> list[tuple[str, dt.date]]:
    """Every milestone up to and including the first one after `until`."""
    dates = [(label, start + delta) for label, delta in FIXED]
    years = 2
    while dates[-1][1] <= until:
        dates.append((f"{years} years", start + relativedelta(years=years)))
        years += 1
    return dates


def milestones_for(start: dt.date | None, time_zone: str, shown: bool) -> dict:
    today = dt.datetime.now(ZoneInfo(time_zone)).date()
    if start is None:
        return {"start_date": None, "shown": shown, "days": None, "reached": [], "next": None}
    dates = milestone_dates(start, today)
    reached = [{"label": label, "date": date} for label, date in dates if date <= today]
    upcoming = next((label, date) for label, date in dates if date > today)
    return {
        "start_date": start,
        "shown": shown,
        "days": max(0, (today - start).days),
        "reached": reached,
        "next": {"label": upcoming[0], "date": upcoming[1], "days_to_go": (upcoming[1] - today).days},
    }
