"""The FastAPI application, built by a factory with the store on app.state."""
from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from vanban import __version__
from vanban.graph.store import Store, open_store

from . import linked_data, ontology_routes, rest, sparql, viz
from .deps import get_store
from .errors import install_error_handlers
from .middleware import install_middleware
from .runner import runner_for
from .settings import Settings


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="vanban", version=__version__, lifespan=_lifespan,
                  description="Citation graph of Vietnamese government documents: "
                              "SPARQL 1.1 endpoint, graph pages and JSON API.")
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings.store)
    app.state.runner = runner_for(app.state.store, settings)
    install_error_handlers(app)
    install_middleware(app, settings)
    app.include_router(sparql.router)
    app.include_router(viz.router)
    graph_assets = resources.files("vanban.graph").joinpath("assets")
    app.mount("/static/graph", StaticFiles(directory=str(graph_assets)), name="graph-assets")
    app.include_router(rest.router)
    app.include_router(linked_data.router)
    app.include_router(ontology_routes.router)
    static = resources.files("vanban.api").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/graph")

    @app.get("/health", summary="Liveness and store size")
    def health(request: Request) -> dict:
        store = get_store(request)
        return {"status": "ok", "version": __version__, "triples": len(store),
                "sources": len(store.graphs())}

    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.runner.close()  # stops the query worker processes
