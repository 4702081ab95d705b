"""Pelican settings for the showcase (development). Settings only: no logic here."""

SITENAME = "Slimme Steden en Gemeenten Vlaanderen"
SITESUBTITLE = "De smart-city-showcase van de Vlaamse steden en gemeenten"
SITEURL = ""
DEFAULT_LANG = "nl-BE"
TIMEZONE = "Europe/Brussels"

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["pelican_showcase"]

# The showcase generator reads content/ itself (YAML front matter, strict validation);
# Pelican's own article and page readers are switched off.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
ARTICLE_SAVE_AS = ""
PAGE_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RELATIVE_URLS = False
# Every value is escaped unless a template marks it safe (sanitized bodies, our SVG, JSON-LD):
# a "<" in a title or a partner's name is text, never markup.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False

# Showcase plugin settings (defaults in plugins/pelican_showcase/generator.py).
SHOWCASE_DATA_PATH = "data"
SHOWCASE_CONTENT_PATH = "content"
SHOWCASE_REPOSITORY_URL = "https://github.com/vvsg-smart-city/showcase"
SHOWCASE_EDIT_URL = SHOWCASE_REPOSITORY_URL + "/edit/main"
# The built site must pass the Nu HTML checker (needs Java; skipped with a note without it).
SHOWCASE_CHECK_HTML = True
SHOWCASE_PUBLISHER = "Slimme Steden en Gemeenten Vlaanderen"
SHOWCASE_CONTACT_URL = SHOWCASE_REPOSITORY_URL + "/issues"
