"""What every API router shares: authentication, the error shape, ETags and If-Match."""

import logging
import re
from typing import Annotated, Literal

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.db.models import Choices
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth

from duikou.accounts.tokens import token_authenticate
from duikou.common.editing import StaleVersion

log = logging.getLogger("duikou.api")

# ------------------------------------------------------------------ authentication

# A record id in a filter or a body: a positive 32-bit integer, so a huge number is a 422
# naming the field, not an overflow in the database.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dk_…`` with a personal API token."""

    def authenticate(self, request, token):
        api_token = token_authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class WebSessionAuth(SessionAuth):
    """The web UI's session (with its CSRF token on writes)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


AUTH = [TokenAuth(), WebSessionAuth()]


def ensure_can_write(request) -> None:
    """A read-only token may read but not change anything."""
    token = getattr(request, "api_token", None)
    if token is not None and not token.can_write:
        raise PermissionDenied(_("该令牌为只读令牌,不能修改数据。"))


# ------------------------------------------------------------------ lists


class Pagination(LimitOffsetPagination):
    """``{"items": [...], "count": N}`` with ``limit`` (1–500, default 50) and ``offset``."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="每页条数")
        offset: int = Field(0, ge=0, le=1_000_000_000, description="跳过的条数")


def choices(values) -> type:
    """An OpenAPI enum of a model's choices (``choices(Stage)``) or of plain values."""
    if isinstance(values, type) and issubclass(values, Choices):
        values = values.values
    return Literal[tuple(values)]


def upload_body(**properties) -> dict:
    """The OpenAPI request body of a spreadsheet upload: ``file`` (multipart), the
    ``valid_rows_only`` switch, and any other form ``properties``."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file", *properties],
                        "properties": {
                            "file": {"type": "string", "format": "binary", "description": ".xlsx"},
                            "valid_rows_only": {
                                "type": "boolean",
                                "default": False,
                                "description": "有错误时仍导入正确的行",
                            },
                            **properties,
                        },
                    }
                }
            },
        }
    }


def import_answer(result) -> dict:
    """A spreadsheet import's result (a dataclass with ``errors`` of RowError) as JSON."""
    return {
        **{k: v for k, v in result.__dict__.items() if k != "errors"},
        "errors": [error.__dict__ for error in result.errors],
    }


# ------------------------------------------------------------------ errors


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []


class PreconditionRequired(Exception):
    pass


ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    412: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    428: ErrorOut,
}
READ_ERRORS = {code: ERRORS[code] for code in (401, 404, 422)}


def _body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": str(detail), "errors": errors or []}


def _validation_errors(error: ValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"field": None if field == "__all__" else field, "message": str(message)}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": str(message)} for message in error.messages]


_LOCATION_PARTS = {"body", "query", "path", "header", "cookie", "form", "payload", "filters"}


def _schema_errors(error: SchemaValidationError) -> list[dict]:
    errors = []
    for item in error.errors:
        parts = [str(p) for p in item.get("loc", ()) if str(p) not in _LOCATION_PARTS]
        errors.append({"field": ".".join(parts) or None, "message": item.get("msg", "")})
    return errors


def install_error_handlers(api) -> None:
    """Every error leaves the API as ``{"detail": …, "errors": [{"field", "message"}]}``."""

    def handler(exception_class, status, make):
        def handle(request, exc):
            detail, errors = make(exc)
            return api.create_response(request, _body(detail, errors), status=status)

        api.add_exception_handler(exception_class, handle)

    handler(ValidationError, 422, lambda e: (_("提交的数据有误。"), _validation_errors(e)))
    handler(SchemaValidationError, 422, lambda e: (_("提交的数据有误。"), _schema_errors(e)))
    handler(AuthenticationError, 401, lambda e: (_("请登录或提供有效的接口令牌。"), []))
    handler(PermissionDenied, 403, lambda e: (str(e) or _("您没有执行此操作的权限。"), []))
    handler(Http404, 404, lambda e: (_("未找到该记录。"), []))
    handler(ObjectDoesNotExist, 404, lambda e: (_("未找到该记录。"), []))
    handler(StaleVersion, 412, lambda e: (e.message, []))
    handler(
        PreconditionRequired,
        428,
        lambda e: (_("修改前须在 If-Match 请求头中给出读取时的 ETag。"), []),
    )
    handler(RequestDataTooBig, 413, lambda e: (_("请求体过大。"), []))

    def http_error(request, exc):
        return api.create_response(request, _body(str(exc)), status=exc.status_code)

    api.add_exception_handler(HttpError, http_error)

    def server_error(request, exc):
        log.exception("API error on %s %s", request.method, request.path)
        return api.create_response(request, _body(_("服务器内部错误。")), status=500)

    api.add_exception_handler(Exception, server_error)


# ------------------------------------------------------------------ ETag / If-Match

_VERSION_IN_ETAG = re.compile(r'^(?:W/)?"?v(\d+)"?$')


def etag(instance) -> str:
    return f'"v{instance.version}"'


def set_etag(response, instance) -> None:
    response["ETag"] = etag(instance)


def if_match_version(request) -> int:
    """The version the client read, from ``If-Match``; 428 when it is missing."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    match = _VERSION_IN_ETAG.match(header.split(",")[0].strip())
    if match is None:
        raise ValidationError({"If-Match": [_('If-Match 须为读取时得到的 ETag,例如 "v3"。')]})
    return int(match.group(1))


def _has_nul(request) -> bool:
    """A NUL character in the path, the query or a JSON body: PostgreSQL stores no text with
    one, so it is refused before any view sees it (not left to fail as a server error)."""
    if "\x00" in request.path_info:
        return True
    if any("\x00" in value for _key, values in request.GET.lists() for value in values):
        return True
    if request.content_type != "application/json":
        return False
    try:
        body = request.body
    except RequestDataTooBig:
        return False  # the API answers 413
    return b"\\u0000" in body.lower() or b"\x00" in body


class JsonErrorsMiddleware:
    """Errors that Django answers before the API sees the request (an unknown path, a method
    the path does not take) leave /api/ in the API's JSON shape too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/") and _has_nul(request):
            message = _("文本中不能含有空字符(U+0000)。")
            return JsonResponse(
                _body(_("提交的数据有误。"), [{"field": None, "message": str(message)}]),
                status=422,
                json_dumps_params={"ensure_ascii": False},
            )
        response = self.get_response(request)
        is_json = response.get("Content-Type", "").startswith("application/json")
        if request.path_info.startswith("/api/") and response.status_code >= 400 and not is_json:
            return JsonResponse(
                _body(response.reason_phrase),
                status=response.status_code,
                headers={k: v for k, v in response.items() if k == "Allow"},
                json_dumps_params={"ensure_ascii": False},
            )
        if response.status_code == 401 and request.path_info.startswith("/api/"):
            response["WWW-Authenticate"] = 'Bearer realm="duikou"'
        return response
