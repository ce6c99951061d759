"""IATI over the API: the projects of any filtered project list, as IATI 2.03 activities."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from ninja import Query, Router

from duikou.common.api import READ_ERRORS
from duikou.exchange.iati import rules, writer
from duikou.projects.api import ProjectFilters, projects_for

router = Router(tags=["iati"])
XML = "application/xml"


def activities_response(projects) -> StreamingHttpResponse:
    """The activities of the projects that pass the IATI checks, as a streamed file download;
    the others are named, with why, in a comment at the end."""
    left_out: list = []
    chunks = writer.document_chunks(
        rules.exportable(projects, left_out), closing=lambda: rules.left_out_note(left_out)
    )
    response = StreamingHttpResponse(chunks, content_type=XML)
    name = f"duikou-iati-{timezone.localdate():%Y%m%d}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/iati/activities.xml",
    response={200: None, **READ_ERRORS},
    openapi_extra={"responses": {200: {"description": "IATI 2.03 活动文件", "content": {XML: {}}}}},
)
def export_activities(request, filters: Query[ProjectFilters]):
    """The projects the caller may see, filtered as ``GET /projects`` is, as an IATI 2.03
    activity file (``iati-activities``), in code order. Check them first on the web page
    “IATI 导出前检查” or with ``duikou iati export --check``."""
    return activities_response(projects_for(request, filters))
