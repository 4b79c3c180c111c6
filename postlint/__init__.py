"""postlint: a data-quality linter for front-matter posts (Jekyll, Hugo, Eleventy, Astro)."""

__version__ = "0.1.0"
