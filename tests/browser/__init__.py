"""Browser tests: Playwright and axe-core against the live server."""
