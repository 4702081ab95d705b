"""Pelican settings for publishing: pelicanconf.py plus what publishing changes."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

# The public address of the site; set SHOWCASE_SITEURL to publish elsewhere.
SITEURL = os.environ.get("SHOWCASE_SITEURL", "https://vvsg-smart-city.github.io/showcase")
RELATIVE_URLS = False
