"""Per-subject keys for personal data, kept apart from the events."""
