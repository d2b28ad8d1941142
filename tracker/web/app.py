"""``create_app``: the read-only web app (server-rendered pages) and JSON API over one tracker database."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from db.engine import make_engine, session_factory
from tracker.alerts.values import UnknownValues
from tracker.web import api, pages
from tracker.web.guard import Guard

#: Requests a client may make per minute; a page and its stylesheet are two.
RATE_PER_MINUTE = 300
#: The app takes no uploads: a GET has no body, so anything bigger than a form is refused.
MAX_BODY = 16 * 1024


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(database_url: str, *, rate_per_minute: int = RATE_PER_MINUTE) -> FastAPI:
    """The app on ``database_url`` (an existing, migrated tracker database: this app never writes)."""
    app = FastAPI(title="alpr-tracker", version="1", description="ALPR contracts of local governments, with "
                  "the public documents that show them. Every error is JSON {\"error\": message}.",
                  docs_url=None, redoc_url=None)
    app.state.sessions = session_factory(make_engine(database_url))

    @app.exception_handler(UnknownValues)
    async def unknown(_: Request, error: UnknownValues) -> JSONResponse:
        return _error(400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                             for e in error.errors())
        return _error(400, problems)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404 and not request.url.path.startswith("/api/"):
            return pages.not_found(request, str(error.detail))
        return _error(error.status_code, str(error.detail))

    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=[])
    app.add_middleware(Guard, rate=rate_per_minute, window=60.0, max_body=MAX_BODY)
    return app
