"""Pure numbers: grids, statistics and metrics."""
