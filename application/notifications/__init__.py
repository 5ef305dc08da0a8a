"""Notifications: an outbox of notices raised by events, delivered once per recipient by the worker."""
