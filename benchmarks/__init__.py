"""Speed figures for the overview and directorate pages (`python -m benchmarks`, or `make bench`).

Printed, not asserted: a demo council in a temporary SQLite file, served by `gunicorn -w 2` on loopback.
"""
