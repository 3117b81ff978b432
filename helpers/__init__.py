"""Shared helpers of the AI Lifecycle Workbook.

The lessons in ``notebooks/`` tell the story; this package does the work. It holds one
subpackage per phase of the lifecycle (``acquire``, ``prepare``, ``labels``,
``represent``, ``synth``, ``evaluate`` ...) plus ``core`` (configuration, seeds, cache,
data, validation) and ``ui`` (theme, palette, widget toolkit). Inside a phase a file's
name says its role: compute modules, ``*_plots.py`` and ``*_widget.py``; the layer test
(``tests/test_layers.py``) keeps it so. Importing the package has no side effects:
nothing is seeded, styled, created on disk or logged until a function is called.
"""

from helpers.core.config import CACHE_DIR, DATA_DIR, FAST
from helpers.core.repro import set_seeds, set_threads

__all__ = ["CACHE_DIR", "DATA_DIR", "FAST", "set_seeds", "set_threads", "__version__"]
__version__ = "0.1.0"
