"""The organisation directory: departments, sections, windows, service points, people and their authority."""
