"""Helpers for the open course on adoptive cell therapy.

Layers (imports point one way only)::

    explorers  ->  figures  ->  models
          \\-> quiz       data (beside them)

``models`` hold the science (numpy/scipy only), ``figures`` draw on given Axes, ``explorers`` wire
controls to a persistent figure, ``quiz`` holds self-check questions and ``data`` loads the sourced
tables in ``data/``.
"""

__version__ = "0.1.0"
