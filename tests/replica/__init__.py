"""An offline replica of asianlite.com (WordPress, The Fox 4.x theme) for crawler tests.

    from tests.replica import Replica

    with Replica(articles=200, seed=1) as rep:
        rep.base_url, rep.articles, rep.add_articles(3), rep.requests

See README.md in this folder for the URLs served and the quirks included.
"""

from .model import ReplicaArticle
from .server import Replica, RequestLog, RequestRecord
from .site import MIN_ARTICLES

__all__ = ["MIN_ARTICLES", "Replica", "ReplicaArticle", "RequestLog", "RequestRecord"]
