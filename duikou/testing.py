"""Helpers for tests and benchmarks: serve the app for real (gunicorn, as `duikou serve`
does) on a given database."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection


def database_url() -> str:
    """The URL of the database the tests use right now (the test database)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    credentials = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    return (
        f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_app(database: str | None = None, workers: int = 2, threads: int = 4):
    """Run ``duikou serve`` on a free port against ``database`` (a URL; by default the
    database the tests use right now) and yield its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database or database_url(),
        "DJANGO_SETTINGS_MODULE": "duikou.settings",
    }
    command = [
        str(Path(sys.executable).with_name("duikou")),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    # The server's log goes to a file: a pipe nobody reads would fill up and block it.
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise RuntimeError(f"server did not start: {log.read()}") from None
                    time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)
