"""Project defaults, grouped by component.  Operators override them per
environment (settings/environments/*.toml via CRAWLER_ENV), per run (-s) or
per Scrapyd job (setting=...)."""

from __future__ import annotations

from crawler.environment import EnvironmentConfigError as _EnvironmentConfigError
from crawler.environment import environment_overrides as _environment_overrides
from crawler.urls import install_log_redaction as _install_log_redaction

# No password of a URL (a feed URI, a failed page) reaches a log line of any
# command run with these settings.
_install_log_redaction()

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# Politeness: a news crawler is a long-term guest.
# BOT_*: who runs the crawler.  Operators set BOT_CONTACT_URL to a page or
# mailto: address where site owners can reach them; USER_AGENT "" builds
# "newscrawler/0.1 (+BOT_CONTACT_URL; news archiving)"
# (crawler.downloadermiddlewares.useragent); a non-empty USER_AGENT is sent as is.
BOT_CONTACT_URL = ""
USER_AGENT = ""
ROBOTSTXT_OBEY = True
# robots.txt groups are matched on the product token (RFC 9309), not the whole header.
ROBOTSTXT_USER_AGENT = "newscrawler"
# ROBOTSTXT_*: a robots.txt Crawl-delay floors the site's download delay, capped here
# (seconds); a robots.txt answering 5xx/429 disallows the whole site for the run.
ROBOTSTXT_MAX_CRAWL_DELAY = 60.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 30
# News pages are tens to hundreds of KB; a page (or sitemap) over 8 MiB, or a
# compressed response that inflates past it, is refused (Scrapy's default, 1 GiB,
# let a 1 MB gzip bomb take 4 GB).  Over 2 MiB is logged as a warning.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# RETRY_AFTER_*: a 429/503 with Retry-After holds every request to that host for
# as long as it asks, at most RETRY_AFTER_MAX seconds.
RETRY_AFTER_ENABLED = True
RETRY_AFTER_MAX = 120.0
# SAMESITE_*: no request (link, redirect, sitemap entry) leaves the base_url's
# scheme, host and port; Scrapy's offsite check ignores ports.
SAMESITE_ENABLED = True
# A run stops after this many seconds (0 = never): a hostile or endless site cannot
# hold a scheduled crawl forever.  What was written is kept; the next run continues.
CLOSESPIDER_TIMEOUT = 4 * 3600
# The telnet console logs its password and is of no use to scheduled runs.
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "crawler.downloadermiddlewares.samesite.SameSiteMiddleware": 45,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.downloadermiddlewares.robotstxt.QuietRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "crawler.downloadermiddlewares.useragent.ContactUserAgentMiddleware": 500,
    "crawler.downloadermiddlewares.retryafter.RetryAfterMiddleware": 555,
    "crawler.downloadermiddlewares.conditional.ConditionalRequestMiddleware": 560,
}

EXTENSIONS = {
    "scrapy.extensions.feedexport.FeedExporter": None,
    "crawler.extensions.feeds.DurableFeedExporter": 0,
    "crawler.extensions.report.RunReport": 500,
    "crawler.extensions.monitors.Monitors": 510,  # spidermon, with the run checks
    "crawler.extensions.progress.LiveProgress": 520,
}

ITEM_PIPELINES = {
    "crawler.pipelines.clean.SafeTextPipeline": 50,
    "crawler.pipelines.clean.CleanBodyPipeline": 100,
    "crawler.pipelines.validate.ValidationPipeline": 200,
    "crawler.pipelines.dedup.DedupPipeline": 900,
    "crawler.pipelines.schema.SchemaValidationPipeline": 950,
}

# ALERT_*: one message per failed run (any monitor failed) with what failed and
# the paths of its report and log.  Off by default; a channel that is on but
# incomplete stops the crawl before it starts.  ALERT_EMAIL_SMTP_PASSWORD and
# ALERT_WEBHOOK_URL (a secret for Slack) may come from environment variables
# of the same name instead.  ALERT_TIMEOUT: seconds per send.
ALERT_EMAIL_ENABLED = False
ALERT_EMAIL_TO: list[str] = []
ALERT_EMAIL_FROM = ""
ALERT_EMAIL_SMTP_HOST = "localhost"
ALERT_EMAIL_SMTP_PORT = 25
ALERT_EMAIL_SMTP_USER = ""
ALERT_EMAIL_SMTP_PASSWORD = ""
ALERT_EMAIL_SMTP_TLS = "none"
ALERT_WEBHOOK_ENABLED = False
ALERT_WEBHOOK_URL = ""
ALERT_TIMEOUT = 10.0

# CLEAN_*: body cleaning pipeline.
CLEAN_ENABLED = True

# CONDITIONAL_*: ETag / Last-Modified requests for listing page 1 and sitemaps.
CONDITIONAL_ENABLED = True

# DEDUP_*: cross-run deduplication by canonical URL and content fingerprint.
DEDUP_ENABLED = True

# EXTRACT_*: article extraction (crawler.extract.pool).  Pages are extracted in
# EXTRACT_WORKERS processes (-1: one per core; 0: in the callback, no time
# budget), each page within EXTRACT_TIMEOUT seconds or its worker is killed and
# the page reported.  Nesting deeper than EXTRACT_MAX_DEPTH is flattened; a
# body over EXTRACT_MAX_BODY_WORDS words is reported, not written.
EXTRACT_WORKERS = -1
EXTRACT_TIMEOUT = 5.0
EXTRACT_MAX_DEPTH = 100
EXTRACT_MAX_BODY_WORDS = 50_000

# FRONTIER_*: several workers (processes, machines) crawl as one through a shared
# request queue and dedup in Redis (crawler.frontier).  FRONTIER_URL
# (redis://host:6379/0) switches it on; empty = Scrapy's own scheduler, one
# process.  FRONTIER_RUN: the run id its workers share (default STATE_RUN_ID,
# else the site's live run, else a new one).  A worker silent for
# FRONTIER_WORKER_TIMEOUT s is dead: the requests it held are crawled by the
# others.  Workers exit once the queue is empty and no worker holds a request
# for FRONTIER_IDLE_GRACE s.  A run's keys expire FRONTIER_RUN_TTL s after its
# last heartbeat.  FRONTIER_SHARED_DELAY: the download delay holds per site
# across all workers.
FRONTIER_URL = ""
FRONTIER_RUN = ""
FRONTIER_KEY_PREFIX = "newscrawler"
FRONTIER_HEARTBEAT = 0.5
FRONTIER_WORKER_TIMEOUT = 30.0
FRONTIER_IDLE_GRACE = 3.0
FRONTIER_RUN_TTL = 7 * 86400
FRONTIER_SHARED_DELAY = True
ADDONS = {"crawler.frontier.addon.Frontier": 0}

# FEEDS: Scrapy's feeds.  Empty here: `scrapy crawl` then writes OUTPUT_DEFAULT_FEED
# (one dated JSON-lines file per run under data/); -o/-O replace it.
FEEDS: dict[str, dict[str, object]] = {}
FEED_STORAGES = {
    "": "crawler.output.storage.DurableFileFeedStorage",
    "file": "crawler.output.storage.DurableFileFeedStorage",
}
# Exporters whose files are safe to open (crawler.exporters): CSV cells that would
# start a spreadsheet formula get a leading ', XML never holds a character XML forbids.
FEED_EXPORTERS = {
    "csv": "crawler.exporters.SafeCsvItemExporter",
    "xml": "crawler.exporters.SafeXmlItemExporter",
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = [
    "url",
    "canonical_url",
    "title",
    "summary",
    "body",
    "authors",
    "published",
    "modified",
    "section",
    "categories",
    "tags",
    "image",
    "language",
    "site_name",
    "word_count",
    "fetched_at",
    "fingerprint",
    "is_update",
]

# MONITOR_*: checks on each finished run; a failure logs an ERROR and makes
# `scrapy crawl` exit 1.  Silence: hours without a new article (0 = off).
MONITOR_ENABLED = True
MONITOR_MAX_SILENCE_HOURS = 48
MONITOR_MIN_COVERAGE = {"body": 1.0, "published": 0.9}
MONITOR_MAX_ERROR_RATE = 0.2
# Spidermon runs the checks (MONITOR_ENABLED is the switch) once the engine has
# stopped and the run report is written; crawler.monitors holds the suite.
SPIDERMON_ENABLED = True
SPIDERMON_ENGINE_STOP_MONITORS = ["crawler.monitors.RunMonitorSuite"]

# OUTPUT_*: the exactly-once protocol.  Local feed files are fsynced and their
# records recorded as written every OUTPUT_COMMIT_INTERVAL seconds or
# OUTPUT_COMMIT_ITEMS records, whichever comes first.
OUTPUT_COMMIT_INTERVAL = 1.0
OUTPUT_COMMIT_ITEMS = 1000
OUTPUT_DEFAULT_FEED = "data/%(name)s/%(time)s.jsonl"

# NEWS_*: spider behaviour.  NEWS_BASE_URL moves a site's spider to a mirror
# or replica (as -a base_url does; handy for `scrapy check`).  Sitemap lastmod
# values find changed articles.
NEWS_BASE_URL = ""
NEWS_SITEMAP_UPDATES = True
# DISCOVERY_*: new and changed articles from sitemaps, feeds and the WordPress
# REST API (crawler.discovery); a source the site lacks is asked again after
# DISCOVERY_RECHECK_DAYS.  Where no source gives modification times, the
# DISCOVERY_REFRESH_RECENT latest written articles are fetched again (conditionally).
DISCOVERY_ENABLED = True
DISCOVERY_SITEMAPS_ENABLED = True
DISCOVERY_FEEDS_ENABLED = True
DISCOVERY_WPAPI_ENABLED = True
DISCOVERY_WPAPI_MAX_PAGES = 50
DISCOVERY_WPAPI_METADATA = True  # _embed authors, terms, image: the last metadata fallback
DISCOVERY_FEEDS_MAX = 20
DISCOVERY_RECHECK_DAYS = 7.0
DISCOVERY_REFRESH_RECENT = 20
# Listing pages read per category and run unless -a max_pages says otherwise
# (0 = no cap): the last guard against pagination that never ends.
NEWS_MAX_LISTING_PAGES = 1000

SPIDER_CONTRACTS = {"crawler.contracts.PathContract": 10}

# PROGRESS_*: a live display of the crawl (per category: listing pages walked,
# articles found and written; totals, rate, ETA) when stderr is a terminal.
# Without a terminal (Scrapyd, cron, CI) the log is unchanged.
PROGRESS_ENABLED = True
PROGRESS_INTERVAL = 0.5

# RENDER: JavaScript renderer for the page kinds the site profile names
# ("none", "splash", "playwright"); -a render=... overrides it per run.
RENDER = "none"
SPLASH_URL = ""
SPLASH_WAIT = 0.5
SPLASH_TIMEOUT = 30.0
PLAYWRIGHT_EXECUTABLE = "/usr/bin/chromium"
PLAYWRIGHT_WAIT = 0.5

# REPORT_*: JSON run report (default folder: STATE_DIR/reports).
REPORT_ENABLED = True
REPORT_DIR = ""
REPORT_MAX_FAILED_URLS = 1000

# SCHEMA_*: every record written is checked against the output contract,
# crawler/schema/article.json.  Invalid records are counted per field
# (schema/invalid/<field>) and fail the run's monitors; they are still written
# unless SCHEMA_DROP_INVALID (then dropped as InvalidRecord).
SCHEMA_ENABLED = True
SCHEMA_DROP_INVALID = False

# STATE_*: everything kept between runs (seen articles, listing progress).
# STATE_EPHEMERAL (set by scrapy parse/check/shell) uses a throwaway store.
# STATE_BUSY_TIMEOUT: seconds to wait for another program's write lock on the
# state file before the run stops with a message naming it.
# STATE_URL: the backend, by URL scheme: "" (the SQLite file under STATE_DIR),
# sqlite:///PATH, or postgresql://USER@HOST:PORT/DB shared by every worker of a
# run (STATE_DIR then keeps only local things: locks, reports, torn records).
# STATE_RUN_ID: the run every worker of one crawl shares (default: one per process).
# STATE_HOST: this machine's name in the shared state (default: its host name).
# STATE_ORPHAN_TIMEOUT: seconds before claims of a dead worker whose output file
# is on another host, never recovered, are released (crawler.store_postgres).
STATE_DIR = ".state"
STATE_URL = ""
STATE_RUN_ID = ""
STATE_HOST = ""
STATE_ORPHAN_TIMEOUT = 86_400.0
STATE_EPHEMERAL = False
STATE_BUSY_TIMEOUT = 10.0

# VALIDATE_*: what counts as an article.
VALIDATE_ENABLED = True
VALIDATE_MIN_WORDS = 20

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Environment overrides last: CRAWLER_ENV=production applies
# settings/environments/production.toml on top of the defaults above.
try:
    globals().update(_environment_overrides())
except _EnvironmentConfigError as _exc:
    raise SystemExit(f"newscrawler: {_exc}") from None
