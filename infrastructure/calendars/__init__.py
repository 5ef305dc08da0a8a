"""Where working calendars come from: library seed data, the holiday law, published notices."""
