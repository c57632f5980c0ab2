"""Telling people when it matters: alerts when approved figures turn bad, reminders of returns due, digests, and
the outbox that sends them once (issue 19). No web framework here: commands and callbacks call `run`."""
