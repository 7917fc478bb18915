"""Carer App: an encrypted desktop record for foster, kinship and adoptive families."""

__version__ = "0.1.0"
