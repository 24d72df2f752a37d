"""Benchmarks of councils against the raw drivers and peer libraries: ``python -m bench``.

Each benchmark is one module defining ``BENCHMARK`` (see ``bench.harness``).
"""
