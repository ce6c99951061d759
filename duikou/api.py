"""The REST API at /api/v1/: OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from duikou.common.api import AUTH, install_error_handlers
from duikou.exchange.api import router as iati
from duikou.geo.api import router as regions
from duikou.partners.api import router as partners
from duikou.people.api import router as people
from duikou.planning.api import router as planning
from duikou.projects.api import router as projects
from duikou.projects.api_records import router as project_records
from duikou.results.api import router as results


class UnicodeJSONRenderer(JSONRenderer):
    """Chinese text as UTF-8, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": 'The ETag read with GET (e.g. "v3"). Required: 428 without it, 412 when '
    "the record changed since.",
    "schema": {"type": "string"},
}


class DuikouAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Document the If-Match header on every PATCH and DELETE."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if method in {"patch", "delete"}:
                    operation.setdefault("parameters", []).append(IF_MATCH)
        return schema


api = DuikouAPI(
    renderer=UnicodeJSONRenderer(),
    title="Duikou API",
    version="1",
    description=(
        "对口支援管理平台接口。Authenticate with `Authorization: Bearer <token>` (a personal "
        "token from the web UI or `duikou token USERNAME`) or the web session. Lists are "
        '`{"items": […], "count": N}` with `limit`/`offset`. Changes need the ETag you '
        'read in `If-Match`. Errors are `{"detail": …, "errors": [{"field", '
        '"message"}]}`.'
    ),
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
install_error_handlers(api)


@api.get("/health", auth=None, tags=["health"], response={200: dict[str, str]})
def health(request):
    """Liveness check for load balancers and monitoring; needs no credentials."""
    return {"status": "ok"}


api.add_router("", regions)
api.add_router("", partners)
api.add_router("", projects)
api.add_router("", project_records)
api.add_router("", people)
api.add_router("", results)
api.add_router("", planning)
api.add_router("", iati)
