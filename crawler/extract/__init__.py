"""Article extraction: structured data, site containers and trafilatura."""

from crawler.extract.article import Extraction, extract_article, parse_html

__all__ = ["Extraction", "extract_article", "parse_html"]
