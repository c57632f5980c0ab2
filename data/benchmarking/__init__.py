"""Peer benchmarking statistics, pure (no database, no web): quartiles, ranks, significance, positions."""
