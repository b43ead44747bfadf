"""Tools for the organisation's staff: the staff shell, its explanation line, and
conversations kept as tests."""
