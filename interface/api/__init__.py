"""The REST API for clerks, agents, inspectors and auditors (FastAPI). ``create_app`` is its root."""
