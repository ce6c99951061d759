"""Glue between forms and services: service errors shown on the form."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field."""
    for field, messages in getattr(
        error, "message_dict", {NON_FIELD_ERRORS: error.messages}
    ).items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
