"""Infrastructure: settings, the SQLite and PostgreSQL stores, calendar data sources, demo data."""
