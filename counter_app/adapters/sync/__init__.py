"""Offline-first replicas: a local SQLite store per PC kept in sync with the centre's PostgreSQL."""
