"""Scrapy settings for govaudit crawls: polite, bounded, and recording every status (errors are findings)."""

BOT_NAME = "govaudit"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "govaudit/0.1 (automated accessibility and openness audit of state-body websites)"
# robots.txt is obeyed by the spider's own gate (crawler/gate.py, read once per host before any other request);
# Scrapy's RobotsTxtMiddleware lets concurrent first requests through while it fetches the file.
ROBOTSTXT_OBEY = False
# Redirect chains longer than this are cut, with one note per chain.
GOVAUDIT_MAX_REDIRECTS = 10

# Politeness: per-host limits plus AutoThrottle; 429 and 503 pause their host for Retry-After, then are retried.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.05
AUTOTHROTTLE_MAX_DELAY = 10
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 502, 503, 504, 522, 524, 408]
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
# The spider follows redirects itself, storing each hop (see SiteSpider._redirect).
REDIRECT_ENABLED = False

# Every status reaches the spider: a 404 or 500 is evidence, not noise.
HTTPERROR_ALLOW_ALL = True
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.GateMiddleware": 50,
    "crawler.middlewares.RetryAfterMiddleware": 560,
}
ITEM_PIPELINES = {
    "crawler.pipelines.RunStorePipeline": 300,
}
