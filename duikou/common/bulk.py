"""Many rows in one statement, for the hot path of large imports.

``bulk_create`` prepares every value of every row through its field (``pre_save``,
``get_db_prep_save``): on an import of fifty thousand activities that is most of the time.
``insert_rows`` takes rows as dicts of column values, fills the fields left out with their
defaults (now for ``auto_now`` fields, adapted once), adapts only the values the database
driver cannot take as they are (date-times, JSON) and inserts them with one ``executemany``
(one ``COPY`` on PostgreSQL). The caller validates; nothing here checks more than the
database's own constraints.
"""

import operator

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
    """Insert ``rows`` (``{attname: value}``, every row naming the same columns) into
    ``model``'s table."""
    if not rows:
        return
    given = list(rows[0])
    fields = {field.attname: field for field in _columns(model)}
    if unknown := set(given) - fields.keys():
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    now = timezone.now()
    left_out = [field for name, field in fields.items() if name not in rows[0]]
    defaults = tuple(_adapted(field, _default(field, now)) for field in left_out)
    adapters = [(i, a) for i, name in enumerate(given) if (a := _adapter(fields[name]))]
    pick = operator.itemgetter(*given)
    values = []
    for row in rows:
        if len(row) != len(given):
            raise ValueError(f"{model.__name__} rows name different columns")
        line = pick(row) if len(given) > 1 else (pick(row),)
        if adapters:
            line = list(line)
            for index, adapt in adapters:
                line[index] = adapt(line[index])
            line = tuple(line)
        values.append(line + defaults)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in [fields[n] for n in given] + left_out)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: no statement to parse for each row
            copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
            with connection.wrap_database_errors, copying as copy:  # Django's errors
                for line in values:
                    copy.write_row(line)
        else:
            places = ", ".join(["%s"] * len(values[0]))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({places})", values)


def _default(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _adapted(field: models.Field, value):
    adapt = _adapter(field)
    return adapt(value) if adapt is not None else value


def typed(model, row: dict) -> dict:
    """``row`` (``{attname: value}``, dates and numbers perhaps as text) with the values the
    model's fields hold: what a model instance is given, and compared with."""
    meta = model._meta
    return {name: meta.get_field(name).to_python(value) for name, value in row.items()}
