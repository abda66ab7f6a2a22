"""The officer's own settings over HTTP: who they are, their language, their notices.

- ``GET /api/me``: who is signed in, with roles and language (theirs, else the browser's);
- ``GET /api/me/preferences``: their language and subscriptions, and the channels they may
  choose from;
- ``PUT /api/me/preferences`` with ``{language, subscriptions}`` (either may be left out).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from services.auditweb import app
from services.auditweb.auth import from_page, identity_of
from services.auditweb.cases import Role
from services.auditweb.db import preferences
from services.common.i18n import Language

#: the largest body a change of settings may have (four subscriptions fit many times over)
MAX_BODY = 16_384


def language_of(request: Request, engine: Engine) -> Language:
    """The language to answer in: ``?lang=``, else the officer's choice, else the browser's
    (Accept-Language), else English."""
    identity = identity_of(request.scope)
    if identity is not None and not request.query_params.get("lang"):
        chosen = preferences.get(engine, identity[0]).language
        if chosen:
            return chosen
    return app.language_of(request)


def routes(
    engine: Engine,
    channels: preferences.Channels,
    services: Sequence[str],
    clock: Callable[[], datetime],
) -> list[Route]:
    async def me(request: Request) -> Response:
        identity = identity_of(request.scope)
        if identity is None:
            return JSONResponse({"signed_in": False})
        name, roles = identity
        chosen = await asyncio.to_thread(preferences.get, engine, name)
        return JSONResponse(
            {
                "signed_in": True,
                "name": name,
                "roles": sorted(r for r in roles if r in Role.__members__.values()),
                "language": chosen.language,
                "preferences": True,
            }
        )

    async def own(request: Request) -> Response:
        identity = identity_of(request.scope)
        if identity is None:
            return JSONResponse({"error": "sign in to keep your own settings"}, status_code=403)
        officer = identity[0]
        current = await asyncio.to_thread(preferences.get, engine, officer)
        if request.method == "PUT":
            if not from_page(request.headers):
                return JSONResponse({"error": "missing X-Clearway-Page header"}, status_code=403)
            raw = await request.body()
            if len(raw) > MAX_BODY:
                return JSONResponse({"error": "the body is too large"}, status_code=413)
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError):
                body = None
            kept = preferences.checked(officer, body, channels, services, current)
            if isinstance(kept, str):
                return JSONResponse({"error": kept}, status_code=400)
            await asyncio.to_thread(preferences.put, engine, officer, kept, clock())
            current = kept
        return JSONResponse({**current.as_json(), "channels": channels.as_json()})

    return [
        Route("/api/me", me),
        Route("/api/me/preferences", own, methods=["GET", "PUT"]),
    ]
