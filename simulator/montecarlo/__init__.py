"""The montecarlo layer."""
