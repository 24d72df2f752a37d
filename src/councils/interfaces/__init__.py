"""Interfaces: the CLI, the HTTP API and the web UI, thin layers over the application."""
