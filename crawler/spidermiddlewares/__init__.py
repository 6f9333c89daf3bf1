"""Spider middlewares, one component per module."""
