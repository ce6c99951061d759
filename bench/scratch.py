"""The throw-away install every benchmark starts from."""

import os
import tempfile


def scratch_install(*, demo: bool = True, static: bool = False, sqlite: bool = False) -> None:
    """Point Django at a fresh folder and migrate: SQLite there, or DATABASE_URL if set (it
    must be a scratch database) unless ``sqlite``. Collect the static files for pages that
    render them, and load the demo programme."""
    os.environ.setdefault("DUIKOU_VAR", tempfile.mkdtemp(prefix="duikou-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duikou.settings")
    if sqlite:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if static:
        call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        from duikou.demo.loader import demo_load

        demo_load()
