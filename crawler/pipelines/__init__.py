"""Item pipelines, one component per module: clean, validate, dedup."""
