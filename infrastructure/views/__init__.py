"""View stores: the projections' tables beside the events, on SQLite or PostgreSQL."""
