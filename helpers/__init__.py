"""Shared helpers of the AI Lifecycle Workbook.

The lessons in ``notebooks/`` tell the story; this package does the work. Each module
holds one stage of the lifecycle. Importing the package has no side effects: nothing is
seeded, styled, created on disk or logged until a function is called.
"""

from helpers.config import CACHE_DIR, DATA_DIR, FAST
from helpers.repro import set_seeds

__all__ = ["CACHE_DIR", "DATA_DIR", "FAST", "set_seeds", "__version__"]
__version__ = "0.1.0"
