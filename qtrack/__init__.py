"""qtrack: track the carrying-out of policy documents (plans, tasks, departments) in SQLite."""

__version__ = "0.1.0"
