"""The application: turns commands into ledger appends and keeps the state in step."""
