"""Matplotlib drawing: functions take Axes (and model results) and return the artists they made.

No widgets here, and no pyplot: explorers own the figures.
"""
