"""The no-UI zone: storage, queries and the performance rules. Nothing here imports Dash."""
