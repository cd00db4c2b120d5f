"""The scenario layer."""
