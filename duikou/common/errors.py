"""Validation errors that name the field at fault."""

from django.core.exceptions import ValidationError


def field_error(field: str, message, **params) -> ValidationError:
    """A ValidationError for one field; ``message`` is a (lazily) translated string."""
    return ValidationError({field: [ValidationError(message, params=params or None)]})
