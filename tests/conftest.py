"""Shared test settings."""

from hypothesis import settings

# The test machines are shared and noisy: no per-example deadline.
settings.register_profile("book", deadline=None, max_examples=200)
settings.load_profile("book")
