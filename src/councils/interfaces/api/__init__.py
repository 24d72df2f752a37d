"""The HTTP API (FastAPI): `create_app(governance)`."""

from councils.interfaces.api.app import create_app

__all__ = ["create_app"]
