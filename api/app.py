"""The FastAPI application, built by a factory with the store on app.state."""
from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from vanban import __version__
from vanban.graph.store import Store, open_store
from vanban.graph.visualize import citation_network, render_network

from . import sparql
from .deps import get_settings, get_store
from .errors import install_error_handlers
from .settings import Settings


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="vanban", version=__version__,
                  description="Citation graph of Vietnamese government documents: "
                              "SPARQL 1.1 endpoint, graph pages and JSON API.")
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings.store)
    install_error_handlers(app)
    app.include_router(sparql.router)
    vendor = resources.files("vanban.graph").joinpath("vendor")
    app.mount("/static/vendor", StaticFiles(directory=str(vendor)), name="vendor")

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/graph")

    @app.get("/health", summary="Liveness and store size")
    def health(request: Request) -> dict:
        store = get_store(request)
        return {"status": "ok", "version": __version__, "triples": len(store),
                "sources": len(store.graphs())}

    @app.get("/graph", response_class=HTMLResponse, summary="Interactive citation graph")
    def graph_page(request: Request) -> HTMLResponse:
        view = citation_network(get_store(request), max_nodes=get_settings(request).graph_max_nodes)
        return HTMLResponse(render_network(view, title="vanban: citation graph"))

    return app
