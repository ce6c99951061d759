"""``duikou serve``: the app behind gunicorn, static files collected and served by WhiteNoise,
and a worker process for the background tasks (solver runs) queued in the database."""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


class DuikouServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Imported here, after collectstatic: WhiteNoise indexes the static files when the
        # application is built.
        from duikou.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve Duikou with gunicorn (a production-grade WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background-task worker (run `duikou db_worker` elsewhere).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Do not collect static files before serving.",
        )

    def handle(self, *args, **options):
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Duikou: http://{bind}/ (Ctrl-C to stop)")
        worker = None if options["no_worker"] else _start_worker()
        try:
            self._serve(bind, options)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def _serve(self, bind: str, options: dict) -> None:
        DuikouServer(
            {
                "bind": bind,
                "workers": options["workers"],
                "threads": options["threads"],
                "accesslog": "-",
                "timeout": 60,
            }
        ).run()


def _start_worker() -> subprocess.Popen | None:
    """The database queue's worker, as its own process; none when tasks run immediately."""
    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return None
    command = [sys.executable, "-m", "duikou.cli", "db_worker", "--no-reload", "--interval", "0.5"]
    return subprocess.Popen(command)
