"""Passes over finished HTML, not renderers: set raw blocks aside during Markdown, sanitise, compact."""
