"""Command-line interface (``counter-app``)."""
