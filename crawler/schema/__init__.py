"""The output contract as a JSON Schema (draft 2020-12): ``article.json``.

Shipped in the package (and so in the Scrapyd egg) and read with
``importlib.resources``, so it works from a zipped egg too.  The README's
"Output fields" table lists the same fields and types (a test checks it).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator


@cache
def article_schema() -> dict[str, Any]:
    """The schema of one article record."""
    text = files(__package__).joinpath("article.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def article_validator() -> Draft202012Validator:
    """A validator for article records that checks formats (uri, date-time) too."""
    schema = article_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
