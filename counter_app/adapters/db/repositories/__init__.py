"""SQLAlchemy implementations of the service ports; they return frozen domain objects."""
