"""The folders layer."""
