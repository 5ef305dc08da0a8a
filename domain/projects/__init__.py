"""Investment projects (投资项目): permits of many departments under one commitment (service-modes.md 1)."""
