"""The public web service (``counter-app web``): the dossier status page behind the receipt QR,
the mobile ticket behind the ticket QR, and their JSON API.

Starlette application served by uvicorn; templates (Jinja2, autoescaped) and static files are
package data, so nothing is loaded from another site. Rules live in the services
(:mod:`counter_app.services.web_lookup`, :mod:`counter_app.services.mobile_ticket`); this package
only speaks HTTP.
"""

from counter_app.adapters.web.app import create_app

__all__ = ["create_app"]
