"""Placeholder."""

TEMPLATES: dict[str, list] = {}
