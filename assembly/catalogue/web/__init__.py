"""The catalogue's supervisor pages and JSON API."""
