"""``POST /api/screen``: ad-hoc screening from the officer's page. The page holds no lists:
it asks the screening service (``CLEARWAY_AUDIT_SCREENING_URL``, its ``POST /screen``), so
the answer comes from the same matcher, lists, thresholds and explanations as every
decision, with the list versions used, and nothing is recorded. Signed-in officers only,
from the page (its header)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from services.auditweb.auth import from_page, identity_of
from services.common.i18n import translations


def translated(answer: Any) -> Any:
    """The screening service's answer with each reason's sentence in the other languages
    beside it, as the page shows recorded reasons (``i18n.translations``)."""
    decision = answer.get("decision") if isinstance(answer, dict) else None
    reasons = decision.get("reasons") if isinstance(decision, dict) else None
    for reason in reasons if isinstance(reasons, list) else []:
        if isinstance(reason, dict):
            reason["translations"] = translations("screening", reason)
    return answer


def routes(
    url: str, client: Callable[[], httpx.AsyncClient] = lambda: httpx.AsyncClient(timeout=30)
) -> list[Route]:
    target = url.rstrip("/") + "/screen"

    async def screen(request: Request) -> Response:
        identity = identity_of(request.scope)
        if identity is None or not identity[1]:
            return JSONResponse({"error": "sign in to screen a name"}, status_code=403)
        if not from_page(request.headers):
            return JSONResponse({"error": "missing X-Clearway-Page header"}, status_code=403)
        body = await request.body()
        try:
            async with client() as http:
                answer = await http.post(
                    target, content=body, headers={"content-type": "application/json"}
                )
        except httpx.HTTPError as exc:
            return JSONResponse(
                {"error": f"the screening service did not answer ({type(exc).__name__})"}, 503
            )
        if answer.status_code != 200:
            return Response(answer.content, answer.status_code, media_type="application/json")
        return JSONResponse(translated(answer.json()))

    return [Route("/api/screen", screen, methods=["POST"])]
