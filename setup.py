"""Packaging for ``scrapyd-deploy``: the ``crawler`` package as a Scrapyd egg.

Committed on purpose (scrapyd-deploy would otherwise write its own, without
package data).  The site profiles in ``settings/sites/`` reach the egg as the
``crawler.profiles`` package (``crawler/profiles`` is a symlink to them) and
are read with ``importlib.resources``.  Tests, tools and benchmarks stay out.
Dependencies are not bundled: a Scrapyd node installs ``requirements.txt``.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):  # type: ignore[misc]
    """Give ``crawler`` an ``__init__.py`` in the egg when the checkout has none.

    Eggs are zip files without directory entries, and zipimport cannot find a
    namespace package there, so Scrapyd would fail with "No module named
    'crawler'".  A no-op once ``crawler/__init__.py`` exists.
    """

    def run(self) -> None:
        super().run()
        marker = Path(self.build_lib, "crawler", "__init__.py")
        if not marker.exists():
            marker.write_text('"""The newscrawler Scrapy project."""\n', encoding="utf-8")


setup(
    name="newscrawler",
    version="0.1.0",
    packages=find_namespace_packages(include=["crawler", "crawler.*"], exclude=["*.__pycache__"]),
    package_data={"crawler.profiles": ["*.toml"]},
    entry_points={"scrapy": ["settings = crawler.settings"]},
    cmdclass={"build_py": BuildPy},
    zip_safe=True,
)
