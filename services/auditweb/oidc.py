"""Sign-in through OpenID Connect (Authlib's Starlette client): the institution's identity
provider authenticates the officer; the page keeps their name and roles in a signed session
cookie (Starlette's session middleware). Every action on a case is attributed to that name.

- ``GET /auth/login``: to the provider (authorization code flow, with state and nonce);
- ``GET /auth/callback``: the provider's answer; the ID token is checked (signature by the
  provider's published keys, issuer, audience, expiry, nonce) by Authlib;
- ``POST /auth/logout``: the session ends (the provider's own session is the provider's).

Roles come from a claim of the ID token (``CLEARWAY_AUDIT_OIDC_ROLES_CLAIM``, a dotted path
such as ``roles`` or ``realm_access.roles``); names outside viewer, reviewer, approver and
administrator are ignored. Someone the provider knows but who holds none of them is signed
in and may read nothing (the API answers 403): being in the institution's directory is not
a reason to see compliance decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from services.auditweb.auth import from_page

ROLES = ("viewer", "reviewer", "approver", "administrator")
#: names that stand for something other than a person (the services, the shared token)
RESERVED = frozenset({"clearway", "api-token"})
#: where the session keeps the signed-in officer
SESSION_USER = "user"


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    roles_claim: str = "roles"
    #: the page's address as officers reach it (for the redirect back); None: from the request
    public_url: str | None = None


def roles_of(claims: dict[str, Any], path: str) -> list[str]:
    """The known roles found at ``path`` (dotted) in the claims; anything else is dropped."""
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return sorted({r for r in value if isinstance(r, str) and r in ROLES})


def routes(config: OidcConfig) -> list[Route]:
    oauth = OAuth()
    oauth.register(
        name="idp",
        server_metadata_url=config.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_id=config.client_id,
        client_secret=config.client_secret,
        client_kwargs={"scope": "openid profile"},
    )
    client: Any = oauth.create_client("idp")

    def callback_url(request: Request) -> str:
        if config.public_url:
            return config.public_url.rstrip("/") + "/auth/callback"
        return str(request.url_for("oidc_callback"))

    async def login(request: Request) -> Response:
        response: Response = await client.authorize_redirect(request, callback_url(request))
        return response

    async def callback(request: Request) -> Response:
        try:
            token = await client.authorize_access_token(request)
        except OAuthError as exc:
            return JSONResponse({"error": f"sign-in failed: {exc.error}"}, status_code=401)
        claims = dict(token.get("userinfo") or {})
        name = claims.get("preferred_username") or claims.get("sub")
        if not isinstance(name, str) or not name.strip():
            return JSONResponse({"error": "the identity provider named nobody"}, 401)
        if name.strip().casefold() in RESERVED:
            return JSONResponse({"error": f"{name!r} is a reserved name"}, 401)
        request.session[SESSION_USER] = {
            "name": name,
            "roles": roles_of(claims, config.roles_claim),
        }
        return RedirectResponse("/", status_code=303)

    async def logout(request: Request) -> Response:
        """POST only, from the page (a link on another site cannot sign an officer out)."""
        if not from_page(request.headers):
            return JSONResponse({"error": "missing X-Clearway-Page header"}, status_code=403)
        request.session.clear()
        return JSONResponse({"signed_in": False})

    return [
        Route("/auth/login", login),
        Route("/auth/callback", callback, name="oidc_callback"),
        Route("/auth/logout", logout, methods=["POST"]),
    ]
