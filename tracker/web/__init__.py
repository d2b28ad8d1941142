"""The read-only web app and JSON API (``alpr-tracker serve``; README "Web app and API")."""

from tracker.web.app import create_app

__all__ = ["create_app"]
