"""Routes: thin edges that parse, call one application method and shape the answer."""
