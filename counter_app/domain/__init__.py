"""Pure-Python domain rules: no Qt, no SQLAlchemy, no I/O."""
