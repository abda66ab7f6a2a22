"""Benchmarks: ``make bench`` (``python -m bench``) prints every figure beside the
passthrough ceiling measured in the same run, on the same broker."""
