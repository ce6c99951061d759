"""Many rows in one statement, for the hot path of large imports.

``bulk_create`` prepares every value of every row through its field (``pre_save``,
``get_db_prep_save``): on an import of fifty thousand activities that is most of the time.
``insert_rows`` takes rows as dicts of column values, fills the fields left out with their
defaults (now for ``auto_now`` fields), adapts only the values the database driver cannot
take as they are (date-times, JSON) and inserts them with one ``executemany``. The caller
validates; nothing here checks more than the database's own constraints.
"""

from django.db import connection, models
from django.utils import timezone


def _columns(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]


def _adapter(field: models.Field):
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField):
        return _once_per_value(lambda value: field.get_db_prep_save(value, connection))
    return None


def _once_per_value(adapt):
    """Date-times of a batch are mostly the same few (now, None): adapt each once."""
    seen: dict = {}

    def cached(value):
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return cached


def insert_rows(model, rows: list[dict]) -> None:
    """Insert ``rows`` (``{attname: value}``) into ``model``'s table."""
    if not rows:
        return
    fields = _columns(model)
    now = timezone.now()
    defaults = {
        field.attname: now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
    }
    adapters = [(i, a) for i, field in enumerate(fields) if (a := _adapter(field)) is not None]
    names = [field.attname for field in fields]
    values = []
    for row in rows:
        line = [row[name] if name in row else defaults[name] for name in names]
        for index, adapt in adapters:
            line[index] = adapt(line[index])
        values.append(line)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def typed(model, row: dict) -> dict:
    """``row`` (``{attname: value}``, dates and numbers perhaps as text) with the values the
    model's fields hold: what a model instance is given, and compared with."""
    fields = model._meta
    return {name: fields.get_field(name).to_python(value) for name, value in row.items()}
