"""JavaScript rendering: Splash (scrapy-splash) or Chromium (scrapy-playwright).

A run picks the renderer (``-a render=`` or the ``RENDER`` setting); the site
profile says which page kinds need it (``render.pages``).  The renderer's
components are wired into the crawler's settings only when it is used, so a
plain crawl neither imports nor pays for them.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.settings import BaseSettings

PAGE_KINDS = {
    "none": (),
    "listing": ("listing",),
    "article": ("article",),
    "both": ("listing", "article"),
}


SPLASH_DEDUP_ARGS = (
    "crawler.spidermiddlewares.splash_compat.AsyncStartSplashDeduplicateArgsMiddleware"
)


class RenderConfigError(ValueError):
    """The chosen renderer cannot run with these settings."""


def check(renderer: str, settings: BaseSettings) -> None:
    """Refuse a renderer that lacks what it needs, with a message saying what."""
    if renderer == "splash" and not settings.get("SPLASH_URL"):
        raise RenderConfigError(
            "render=splash needs the SPLASH_URL setting, e.g. -s SPLASH_URL=http://127.0.0.1:8050"
        )
    if renderer == "playwright":
        try:
            import scrapy_playwright  # noqa: F401, PLC0415
        except ImportError:
            raise RenderConfigError(
                "render=playwright needs scrapy-playwright: run tools/chromium/install.sh"
            ) from None


def configure(renderer: str, settings: BaseSettings) -> None:
    """Wire the renderer's middlewares/handlers into not-yet-frozen crawler settings."""
    check(renderer, settings)
    if renderer == "splash":
        # Imported first: it silences scrapy-splash's per-request deprecation noise.
        import crawler.spidermiddlewares.splash_compat  # noqa: F401, PLC0415

        # As scrapy-splash's README wires them, with two substitutions:
        settings["DOWNLOADER_MIDDLEWARES"].update(
            {
                "scrapy_splash.SplashCookiesMiddleware": 723,
                "scrapy_splash.SplashMiddleware": 725,
                "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 810,
            }
        )
        # 1. its dedup-args middleware lacks process_start(), which breaks
        #    `async def start()` on Scrapy 2.13 (see splash_compat);
        settings["SPIDER_MIDDLEWARES"].update({SPLASH_DEDUP_ARGS: 100})
        # 2. the request fingerprinter (scrapy-splash >= 0.10) replaces its
        #    deprecated SplashAwareDupeFilter and SplashAwareFSCacheStorage.
        settings.set(
            "REQUEST_FINGERPRINTER_CLASS", "scrapy_splash.SplashRequestFingerprinter", "spider"
        )
    elif renderer == "playwright":
        handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
        settings["DOWNLOAD_HANDLERS"].update({"http": handler, "https": handler})
        settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", "spider")
        options = {
            "executable_path": settings.get("PLAYWRIGHT_EXECUTABLE", "/usr/bin/chromium"),
            "args": [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
            "headless": True,
            "timeout": 30_000,
        }
        options.update(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, "spider")
        if settings.get("PLAYWRIGHT_ABORT_REQUEST") is None:
            settings.set("PLAYWRIGHT_ABORT_REQUEST", skip_heavy_resource, "spider")
        # Playwright timeouts are not retried by default; a render failure should be.
        retry = settings.getlist("RETRY_EXCEPTIONS")
        settings.set(
            "RETRY_EXCEPTIONS", [*retry, "playwright._impl._errors.TimeoutError"], "spider"
        )


HEAVY_RESOURCES = frozenset({"image", "media", "font"})


def skip_heavy_resource(request: Any) -> bool:
    """Playwright abort predicate: images, media and fonts never carry article text."""
    return bool(request.resource_type in HEAVY_RESOURCES)


def page_url(request: Request) -> str:
    """The page a request fetches: a Splash request's own URL is Splash's endpoint."""
    splash = request.meta.get("splash")
    url = splash.get("args", {}).get("url") if isinstance(splash, dict) else None
    return str(url) if url else request.url


def render_request(renderer: str, request: Request, settings: BaseSettings) -> Request:
    """The same request, sent through the renderer."""
    if renderer == "splash":
        from scrapy_splash import SplashRequest  # noqa: PLC0415

        splash: Request = SplashRequest(
            request.url,
            callback=request.callback,
            errback=request.errback,
            endpoint="render.html",
            priority=request.priority,
            meta=dict(request.meta),
            args={
                "images": 0,  # text is all we read
                "wait": settings.getfloat("SPLASH_WAIT", 0.5),
                "timeout": settings.getfloat("SPLASH_TIMEOUT", 30.0),
            },
        )
        return splash
    if renderer == "playwright":
        meta: dict[str, Any] = {**request.meta, "playwright": True}
        if wait := settings.getfloat("PLAYWRIGHT_WAIT", 0.5):
            from scrapy_playwright.page import PageMethod  # noqa: PLC0415

            meta["playwright_page_methods"] = [PageMethod("wait_for_timeout", wait * 1000)]
        return request.replace(meta=meta)
    return request
