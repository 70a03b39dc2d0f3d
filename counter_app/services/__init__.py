"""Use cases over a unit of work; roles are enforced here."""
