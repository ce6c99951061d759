"""Helpers for tests of spreadsheet imports."""

from io import BytesIO

from openpyxl import load_workbook


def filled(template: bytes, rows: list[dict]) -> bytes:
    """A downloaded template with ``rows`` (dicts by header) added under its header row."""
    book = load_workbook(BytesIO(template))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
