"""Request and response schemas (pydantic lives here and nowhere below the interface)."""
