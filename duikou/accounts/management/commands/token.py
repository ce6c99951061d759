from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duikou.accounts.models import User
from duikou.accounts.tokens import token_create


class Command(BaseCommand):
    help = "Make a personal API token for a user and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")
        parser.add_argument(
            "--write", action="store_true", help="Allow changes (default: read-only)."
        )

    def handle(self, *args, username, name, write, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            token, secret = token_create(by=None, user=user, name=name, can_write=write)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        mode = "read-write" if token.can_write else "read-only"
        self.stderr.write(f"Token {token.prefix}… ({mode}) for {username}; it is shown once:")
        self.stdout.write(secret)
