"""The `ironlaw` command line (typer + rich)."""
