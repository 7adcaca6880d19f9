"""FastAPI dependencies: the store and settings live on app.state."""
from fastapi import Request

from vanban.graph.store import Store

from .settings import Settings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings
