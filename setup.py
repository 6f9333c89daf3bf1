"""Packaging for ``scrapyd-deploy``: the ``crawler`` package as a Scrapyd egg.

Committed on purpose (scrapyd-deploy would otherwise write its own, without
package data).  The site profiles in ``settings/sites/`` reach the egg as the
``crawler.profiles`` package (``crawler/profiles`` is a symlink to them) and
are read with ``importlib.resources``.  Tests, tools and benchmarks stay out.
Dependencies are not bundled: a Scrapyd node installs ``requirements.txt``.
"""

from setuptools import find_packages, setup

setup(
    name="newscrawler",
    version="0.1.0",
    packages=find_packages(include=["crawler", "crawler.*"]),
    package_data={"crawler.profiles": ["*.toml"], "crawler.schema": ["*.json"]},
    entry_points={"scrapy": ["settings = crawler.settings"]},
    zip_safe=True,
)
