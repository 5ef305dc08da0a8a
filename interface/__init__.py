"""Interface: the REST API (``api``), the command line (``cli``), the witness server, and the composition
root (``composition``) that wires the application to concrete infrastructure."""
