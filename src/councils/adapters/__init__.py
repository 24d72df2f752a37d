"""Adapters: the ledger, projections and archives on real databases and files."""
