"""Build hook: negsim's classifiers, and a plain refusal of a Python older than 3.12.

Older versions of pip (the one that comes with Python 3.11 among them) check
``requires-python`` only after resolving the dependencies, so on Python 3.11 a user would see
"No matching distribution found for mesa[network]" instead of the reason. Hatchling reads the
metadata, and so runs this hook, before pip resolves anything.
"""

from __future__ import annotations

import platform
import sys

from hatchling.metadata.plugin.interface import MetadataHookInterface

NEEDED = (3, 12)
PYTHONS = ("3.12", "3.13")
"""Python versions negsim is tested on (the classifiers say so)."""


class CustomMetadataHook(MetadataHookInterface):
    """Sets the classifiers; stops the build on a Python older than ``requires-python``."""

    def update(self, metadata: dict) -> None:
        """Refuse an older Python with one clear sentence, else add the classifiers."""
        if sys.version_info < NEEDED:
            found = platform.python_version()
            raise RuntimeError(
                f"negsim needs Python {NEEDED[0]}.{NEEDED[1]} or newer (found {found} at "
                f"{sys.executable}); install a newer Python (e.g. 'pyenv install 3.12') and "
                "run pip with it"
            )
        metadata["classifiers"] = [
            "Programming Language :: Python :: 3",
            *(f"Programming Language :: Python :: {v}" for v in PYTHONS),
            "Intended Audience :: Education",
            "Topic :: Scientific/Engineering",
        ]
