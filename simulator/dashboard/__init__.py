"""The dashboard layer."""
