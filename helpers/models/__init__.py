"""Pure science: functions of plain numbers and numpy arrays, with units in names and docstrings.

No widgets, no plotting. One module per topic.
"""
