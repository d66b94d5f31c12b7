"""Benchmarks, run with `make bench` (python -m kim.bench); not part of the test suite."""
