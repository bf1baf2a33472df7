"""The store: where the database is and how each engine is spoken to."""
