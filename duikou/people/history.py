"""A person's history: every change to the person and to their postings, with who, when,
through which channel, and each field before and after (built by ``duikou.common.history``).

The ID and phone numbers are always masked here, for everyone (HQ included): the history
holds their old values in the clear, and it is not a way to read them. Seeing them stays
``privacy.reveal``'s, which is logged.
"""

from duikou.common import history
from duikou.people.models import Person, Posting
from duikou.people.privacy import MASKS
from duikou.people.selectors import postings_visible_to

MODELS = {"person": Person, "posting": Posting}


def person_history(person: Person, user=None) -> list[dict]:
    """Newest first; one query per kind of record. With ``user``, the postings are those the
    user may see (as in the person's list of postings); without, all of them.

    Each entry: ``record`` (person / posting), ``record_id``, ``at``, ``by`` (username or
    None), ``channel``, ``action`` (created / updated / deleted / restored) and ``changes``
    ([{field, before, after}], ``id_number`` and ``phone`` masked)."""
    postings = Posting.history.filter(person_id=person.pk)
    if user is not None:
        postings = postings.filter(
            id__in=postings_visible_to(user).filter(person_id=person.pk).values("pk")
        )
    return history.newest_first(
        [
            history.entries("person", Person.history.filter(id=person.pk), MASKS),
            history.entries("posting", postings, MASKS),
        ]
    )


def with_labels(entries: list[dict]) -> list[dict]:
    """The entries in words; a posting's person is the page's own, so it is left out."""
    return history.with_labels(entries, MODELS, hidden={"person"})
