"""The notification channels: an SMS gateway over HTTP, e-mail over SMTP, the log."""
