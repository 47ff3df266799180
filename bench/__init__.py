"""The scale fixture and the benchmark of the gap report (see BENCHMARKS.md)."""
