"""Output that keeps the exactly-once promise: durable feed files and crash recovery."""
