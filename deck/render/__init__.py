"""Renderers: each takes the localized, planned session and a layout, and writes one kind of output."""
