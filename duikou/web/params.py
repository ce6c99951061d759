"""Query parameters several pages share."""

import datetime

from django.contrib import messages
from django.utils.translation import gettext as _


def selected_year(request) -> int:
    """The ``year`` asked for, or this year with a warning when it is not a year."""
    today_year = datetime.date.today().year
    raw = request.GET.get("year", "")
    if not raw:
        return today_year
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    messages.warning(
        request, _("年度“%(value)s”无效,已显示 %(year)s 年。") % {"value": raw, "year": today_year}
    )
    return today_year


def query_without_page(request) -> str:
    """The current filters as a query string, for the pager's links and the export link."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
