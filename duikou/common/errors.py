"""Validation errors that name the field at fault."""

from django.core.exceptions import ValidationError


def field_error(field: str, message, **params) -> ValidationError:
    """A ValidationError for one field; ``message`` is a (lazily) translated string."""
    return ValidationError({field: [ValidationError(message, params=params or None)]})


def merge_errors(errors: dict[str, list]) -> ValidationError | None:
    """One ValidationError from a dict of field → messages, or None when it is empty."""
    errors = {field: messages for field, messages in errors.items() if messages}
    return ValidationError(errors) if errors else None


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """Plain field → messages, for displaying or asserting."""
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for m in ValidationError(msgs).messages]
            for field, msgs in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}
