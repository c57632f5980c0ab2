"""The read API (`/api/v1/`, flask-smorest) and the embeddable cards and tables (`/embed/`), on the app's own
Flask server, behind the same guard as every page (security/): the same viewer, published periods only for the
public, commentary only where it is marked for publication."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api


class ReadApi(Api):
    def _register_error_handlers(self):
        """Errors stay with security/ (one handler for the whole server; JSON under /api/)."""


def init_app(server: Flask) -> ReadApi:
    from api import embed, routes
    server.config.update(API_TITLE="Council performance: read API", API_VERSION="1.0.0", OPENAPI_VERSION="3.0.3",
                         OPENAPI_URL_PREFIX="/api/v1", OPENAPI_JSON_PATH="openapi.json")
    api = ReadApi(server, spec_kwargs={"info": {"description": routes.blp.description}})
    api.spec.components.security_scheme("ApiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
    api.register_blueprint(routes.blp)
    # Every answer may also be CSV: apispec keeps one content type per @response, so add text/csv beside it.
    for operations in api.spec._paths.values():
        for operation in operations.values():
            if isinstance(operation, dict) and "200" in operation.get("responses", {}):
                operation["responses"]["200"].setdefault("content", {}).update(routes.CSV)
    server.register_blueprint(embed.bp)
    return api
