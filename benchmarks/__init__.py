"""Benchmarks (``make bench``): speed and memory targets, printed as a table."""
