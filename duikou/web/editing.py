"""Glue between forms and services: service errors shown on the form."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, error: ValidationError, elsewhere: dict | None = None) -> None:
    """Put a service's ValidationError on the form, field by field. Errors of fields that
    ``elsewhere`` names (a part of the page outside the form) go into its lists."""
    for field, messages in getattr(
        error, "message_dict", {NON_FIELD_ERRORS: error.messages}
    ).items():
        if elsewhere is not None and field in elsewhere:
            elsewhere[field].extend(messages)
            continue
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
