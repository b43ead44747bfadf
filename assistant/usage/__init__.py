"""What happened in each turn, counted without what was written: the usage report."""
