"""Output for people and machines: tables, JSON, CSV, Markdown."""
