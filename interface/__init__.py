"""Interface: the CLI (and later the REST API); the composition root that wires concrete infrastructure."""
