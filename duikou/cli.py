"""The ``duikou`` console command: Django's management commands, ours listed first."""

import os
import sys

# Our commands, in the order ``duikou --help`` lists them.
OUR_COMMANDS = {
    "serve": "Serve the web application with a production-grade server (gunicorn).",
    "demo": "Load the Jiangsu–Xinjiang demo programme and its demo users (idempotent).",
    "regions": "Load or refresh the administrative tree of China (idempotent).",
    "token": "Make a personal API token for a user and print it once.",
    "plan": "Solve a planning scenario with a progress bar and print the chosen portfolio.",
    "iati": "Import IATI activity files into a pairing's projects, or export projects as IATI.",
}


def _help() -> str:
    width = max(len(name) for name in OUR_COMMANDS)
    lines = ["Usage: duikou <command> [options]", "", "Duikou commands:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in OUR_COMMANDS.items()]
    lines += ["", "Run 'duikou <command> --help' for a command's options.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duikou.settings")
    from django.core.management import execute_from_command_line

    if len(argv) < 2 or (len(argv) == 2 and argv[1] in {"-h", "--help", "help"}):
        print(_help())
        print("Django commands:")
        execute_from_command_line([argv[0], "help", "--commands"])
        return
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
