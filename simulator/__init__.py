"""negsim: agent-based Monte Carlo of the US–Russia–Ukraine ceasefire talks of March 2025."""

__version__ = "0.1.0"
