"""Project commands: ``crawl`` (validated arguments), ``extract``, ``schedule``."""
