"""Adapters to the outside world: database, printers, PDF, QR, files."""
