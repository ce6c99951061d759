import os
import subprocess
import sys
from pathlib import Path

from duikou.cli import OUR_COMMANDS, main


def test_help_lists_our_commands_first(capsys):
    main(["duikou", "--help"])
    out = capsys.readouterr().out
    positions = [out.index(f"  {name}") for name in OUR_COMMANDS]
    assert positions == sorted(positions)
    assert out.index("serve") < out.index("migrate")


def test_secret_key_is_generated_once_and_kept(tmp_path: Path):
    env = {**os.environ, "DUIKOU_VAR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    run = [
        sys.executable,
        "-c",
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
        f"'duikou.settings'; django.setup(); {code}",
    ]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert first == second and len(first.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_selects_postgresql_and_debug_is_off(tmp_path: Path):
    env = {
        **os.environ,
        "DUIKOU_VAR": str(tmp_path),
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/duikou",
    }
    env.pop("DEBUG", None)
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], settings.DEBUG)"
    )
    run = [
        sys.executable,
        "-c",
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
        f"'duikou.settings'; django.setup(); {code}",
    ]
    out = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["django.db.backends.postgresql", "duikou", "False"]


def test_migrations_are_committed(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
