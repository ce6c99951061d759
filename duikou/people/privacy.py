"""Sensitive fields: the ID number and the phone number.

They are masked (``32**************12``, ``138****5678``) for everyone except the province HQ
(and administrators) and the HR of the person's dispatching unit (its own organisation
subtree). Even those see them only when they ask (``reveal``), and every time an unmasked
value is served — page, API or export — one row per person is written to the access log
(who, when, whose, which fields, where).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Role
from duikou.common.audit import current_channel
from duikou.people.models import Person, SensitiveAccess

SENSITIVE_FIELDS = ("id_number", "phone")


def mask_id_number(value: str) -> str:
    """Keep the first two and last two characters: ``32**************12``."""
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def mask_phone(value: str) -> str:
    """Keep the first three and last four digits of a mobile number: ``138****5678``;
    any other number keeps only its last four characters."""
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return f"{value[:3]}****{value[-4:]}"
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


MASKS = {"id_number": mask_id_number, "phone": mask_phone}


def may_see_sensitive(user, person: Person) -> bool:
    """HQ (and administrators) for everyone; dispatching-unit HR for its own people."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.PROVINCE_HQ:
        return True
    if user.role == Role.DISPATCHING_HR and user.organisation is not None:
        # ``dispatching_unit`` is select_related by the selectors: no query per person.
        return person.dispatching_unit.path.startswith(user.organisation.path)
    return False


def may_reveal_any(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.role in {Role.PROVINCE_HQ, Role.DISPATCHING_HR}
    )


def ensure_may_reveal(user) -> None:
    if not may_reveal_any(user):
        raise PermissionDenied(
            _("只有省援疆总部和派出单位人事部门可以查看完整的身份证号和手机号。")
        )


def sensitive_values(person: Person, *, unmasked: bool) -> dict[str, str]:
    values = person.sensitive_values
    if unmasked:
        return dict(values)
    return {name: MASKS[name](value) for name, value in values.items()}


def reveal(user, people: Iterable[Person], *, context: str) -> dict[int, dict[str, str]]:
    """The sensitive values of ``people`` as ``user`` may see them when asking to reveal:
    unmasked where allowed (and logged, in one INSERT), masked elsewhere."""
    shown: dict[int, dict[str, str]] = {}
    log = []
    for person in people:
        allowed = may_see_sensitive(user, person)
        shown[person.pk] = sensitive_values(person, unmasked=allowed)
        fields = [name for name in SENSITIVE_FIELDS if allowed and person.sensitive_values[name]]
        if fields:
            log.append(
                SensitiveAccess(
                    user=user,
                    person=person,
                    fields=",".join(fields),
                    context=context[:100],
                    channel=current_channel(),
                )
            )
    if log:
        SensitiveAccess.objects.bulk_create(log)
    return shown


def masked(people: Iterable[Person]) -> dict[int, dict[str, str]]:
    return {person.pk: sensitive_values(person, unmasked=False) for person in people}


def sensitive_for(user, people, *, unmask: bool, context: str) -> dict[int, dict[str, str]]:
    """Masked values, or (``unmask``) revealed ones after checking the user may ask at all."""
    people = list(people)
    if not unmask:
        return masked(people)
    ensure_may_reveal(user)
    return reveal(user, people, context=context)
