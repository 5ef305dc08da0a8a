"""The ``Case`` aggregate (办件): one application from receipt to rating, with its clocks."""
