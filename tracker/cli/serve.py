"""``alpr-tracker serve``: the read-only web app and JSON API on one database (README "Web app and API")."""

from __future__ import annotations

import typer

from tracker.cli.database import DB_OPTION, ready_database


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app``."""

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."),
        port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
        db: str = DB_OPTION,
    ) -> None:
        """Serve the map, contracts table, contract pages, feeds and the JSON API (/api/, /openapi.json)."""
        import uvicorn  # here, not at the top: every other command starts without the web stack

        from tracker.web import create_app

        uvicorn.run(create_app(ready_database(db)), host=host, port=port, log_level="info")
