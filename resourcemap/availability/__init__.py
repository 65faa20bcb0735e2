"""Staying up when a part fails: reads from a streaming replica, "editing is paused" when the
primary is down, and /healthz reporting each part separately (docs/operations.md)."""
