"""The deterministic demo council."""
