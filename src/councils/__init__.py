"""councils: a governance engine for a voluntary union of self-governing council republics."""

__version__ = "0.1.0"
