"""PostgreSQL operations: the least-privilege role of the application, serialised schema set-up."""
