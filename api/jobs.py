"""Background jobs on RQ (Redis Queue) when REDIS_URL is set; run inline otherwise.

RQ is the smallest established queue that fits: jobs are plain functions, workers are plain
processes (`flask jobs-worker`), retries with back-off are built in, and it needs only the Redis
the deployment already runs for rate limits. Celery's broker and result machinery, or Dramatiq's
middleware, would add weight without adding anything these jobs need.

A job runs in a worker process with its own app: `with job_app().app_context()`.
"""

from functools import lru_cache

from flask import current_app, has_app_context
from redis import Redis
from rq import Queue, Retry

RETRY = Retry(max=3, interval=[10, 60, 300])


def enqueue(function, *args) -> None:
    """Queue `function(*args)` on RQ, or run it now in the embedded default."""
    redis_url = current_app.config.get("JOB_QUEUE_URL")
    if not redis_url:
        function(*args)
        return
    queue = Queue(current_app.config["JOB_QUEUE_NAME"], connection=Redis.from_url(redis_url))
    queue.enqueue(function, *args, retry=RETRY, job_timeout=60)


@lru_cache(maxsize=1)
def _worker_app():
    from api import create_app

    return create_app()


def job_app():
    """The app a job runs in: the caller's inline, a worker process's own otherwise."""
    return current_app._get_current_object() if has_app_context() else _worker_app()
