"""The analysis layer."""
