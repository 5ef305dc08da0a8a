"""PostgreSQL operations: the least-privilege role of the application."""
