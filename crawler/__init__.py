"""newscrawler: scheduled news crawling, clean extraction, each article once."""
