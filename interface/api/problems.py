"""Errors as RFC 9457 problem details, one stable ``type`` per rule (``/problems/{rule}``)."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from application.errors import StaleVersion
from application.idempotency import IdempotencyKeyReused
from application.people import Unauthenticated
from application.reports.filters import ViewStopped
from domain.agency.mandate import NotMandated
from domain.case.access import AccessDenied
from domain.case.errors import ChannelNotAllowed, NotAuthorised
from domain.errors import AlreadyExists, DomainError, InvalidValue, NotFound, in_english
from domain.projects.project import NotForProjectStaff
from domain.quality.corrective_action import NotAQualityManager
from domain.supervision.order import NotForThisRole
from interface.web import i18n, rules

PROBLEM_JSON = "application/problem+json"

# The first matching class decides the status; every other domain rule is a 409 Conflict.
STATUS_BY_ERROR: tuple[tuple[type[DomainError], int], ...] = (
    (Unauthenticated, 401),
    (AccessDenied, 403),
    (NotAuthorised, 403),
    (ChannelNotAllowed, 403),
    (NotAQualityManager, 403),
    (NotForThisRole, 403),
    (NotForProjectStaff, 403),
    (NotMandated, 403),
    (NotFound, 404),
    (AlreadyExists, 409),
    (StaleVersion, 412),
    (InvalidValue, 422),
    (IdempotencyKeyReused, 422),
    (ViewStopped, 503),
)


class ProblemError(Exception):
    """A problem raised by the web layer itself (bad header, rate limit, oversized body); its detail is
    a template with its values, as a rule's message is (``domain.errors``)."""

    def __init__(
        self,
        status: int,
        rule: str,
        title: str,
        detail: str,
        headers: dict[str, str] | None = None,
        **values: object,
    ) -> None:
        message = in_english(detail, values)
        super().__init__(message)
        self.status, self.rule, self.title, self.headers = status, rule, title, headers or {}
        self.template, self.values, self.message = detail, values, message


# A problem's detail: said as it is, or a broken rule's, said in the reader's language.
Detail = str | rules.Said


def problem(
    status: int,
    rule: str,
    title: str,
    detail: Detail,
    instance: str = "",
    headers: dict[str, str] | None = None,
    accept_language: str | None = None,
    **extra: Any,
) -> JSONResponse:
    """The problem document, in Chinese (title and detail) when ``accept_language`` (the request's
    header) prefers Chinese, and in the ledger's English otherwise."""
    asked = i18n.from_accept_language(accept_language)
    if asked is not None:
        language = i18n.language(asked)
        title = language.gettext(title)
        detail = detail if isinstance(detail, str) else rules.detail(detail, language)
        headers = {**(headers or {}), "Content-Language": asked}
    elif not isinstance(detail, str):
        detail = detail.message
    body = {"type": f"/problems/{rule}", "title": title, "status": status, "detail": detail, "rule": rule}
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_of(error: DomainError) -> int:
    return next((status for cls, status in STATUS_BY_ERROR if isinstance(error, cls)), 409)


def domain_problem(error: DomainError, instance: str, accept_language: str | None = None) -> JSONResponse:
    """The problem document of a broken domain rule."""
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthenticated) else None
    return problem(status_of(error), error.rule, error.title, error, instance, headers, accept_language)


def internal_problem(instance: str) -> JSONResponse:
    """The answer to a bug."""
    return problem(500, "internal-error", "Internal error", "the ledger failed; nothing was written", instance)


def web_problem(error: ProblemError, instance: str, accept_language: str | None = None) -> JSONResponse:
    return problem(error.status, error.rule, error.title, error, instance, error.headers, accept_language)


# A page's own answer to a problem (the console shows it as a page, in the reader's language), or None
# for a request that is not a page's: status, rule, title, detail.
PageProblem = Callable[[Request, int, str, str, Detail], Response | None]


def install(app: FastAPI, pages: PageProblem | None = None) -> None:
    """Register the handlers that turn every error into a problem document (never a bare 500); a request
    of the console's gets the same problem as a page (``pages``)."""

    def answer(
        request: Request,
        status: int,
        rule: str,
        title: str,
        detail: Detail,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> Response:
        """The problem as a page (for the console) or as a document in the request's language."""
        page = pages(request, status, rule, title, detail) if pages else None
        if page is not None:
            return page
        language = request.headers.get("accept-language")
        return problem(status, rule, title, detail, request.url.path, headers, language, **extra)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthenticated) else None
        return answer(request, status_of(error), error.rule, error.title, error, headers)

    @app.exception_handler(ProblemError)
    async def web_error(request: Request, error: ProblemError) -> Response:
        return answer(request, error.status, error.rule, error.title, error, error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        errors = [
            {
                "loc": [str(part) for part in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in error.errors()
        ]
        english = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5])
        problems = rules.request_problems(error.errors(), lambda where: ".".join(str(part) for part in where))
        detail = rules.Message(rules.PLEASE_CORRECT, {"problems": problems}, english)
        return answer(request, 422, "invalid-request", "Invalid request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 400:  # the framework's only 400: a body it could not read as JSON (not UTF-8)
            detail = f"the body could not be read as JSON: {error.detail}"
            return answer(request, 422, "invalid-request", "Invalid request", detail)
        phrase = HTTPStatus(error.status_code).phrase
        return answer(request, error.status_code, phrase.lower().replace(" ", "-"), phrase, str(error.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:  # pragma: no cover - a bug
        return internal_problem(request.url.path)


router = APIRouter(tags=["problems"])  # responses documented below, once Problem is defined
WEB_PROBLEMS = {
    "invalid-request": ("Invalid request", "The request did not match the schema.", 422),
    "invalid-text": (
        "Text the ledger cannot keep",
        "A path or query parameter holds a NUL character, a lone surrogate or bytes that are not UTF-8 "
        "(request bodies with such text are an invalid-request).",
        422,
    ),
    "weak-if-match": (
        "Weak ETag in If-Match",
        'If-Match compares entity tags strongly (RFC 9110 13.1.1): a weak tag (W/"3") never matches.',
        412,
    ),
    "invalid-if-match": ("Invalid If-Match", 'If-Match must be a case version ETag such as "3".', 422),
    "business-time-in-future": ("Business time in the future", "occurred_at may not be after now.", 422),
    "payload-too-large": ("Payload too large", "The request body exceeds the configured limit.", 413),
    "too-many-queries": ("Too many queries", "The public status query is rate-limited per case number.", 429),
    "views-behind": ("Views behind", "The views did not reach the asked position in time; retry shortly.", 503),
}


def _rules() -> dict[str, tuple[str, str, int]]:
    found: dict[str, tuple[str, str, int]] = dict(WEB_PROBLEMS)
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        status = next((s for c, s in STATUS_BY_ERROR if issubclass(cls, c)), 409)
        found[cls.rule] = (cls.title, (cls.__doc__ or "").strip(), status)
    return found


class ProblemType(BaseModel):
    type: str
    rule: str
    title: str
    status: int
    description: str


@router.get("/problems/{rule}", summary="what a problem type means", responses={404: {"description": "no such rule"}})
def problem_type(rule: Annotated[str, Path(max_length=64)]) -> ProblemType:
    rules = _rules()
    if rule not in rules:
        raise NotFound("no problem type '{rule}'", rule=rule)
    title, description, status = rules[rule]
    return ProblemType(type=f"/problems/{rule}", rule=rule, title=title, status=status, description=description)


class Problem(BaseModel):
    """RFC 9457 problem details, with the rule's stable name."""

    type: str
    title: str
    status: int
    detail: str
    rule: str
    instance: str | None = None


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the problems a route may answer with."""
    ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase, "content": {PROBLEM_JSON: ref}}
        for status in statuses
    }


COMMAND_PROBLEMS = documented(401, 403, 404, 409, 412, 413, 422)
QUERY_PROBLEMS = documented(401, 403, 404, 409, 422)
PUBLIC_PROBLEMS = documented(404, 409, 413, 422, 429)
ADMIN_PROBLEMS = documented(401, 403, 404, 409, 413, 422)
