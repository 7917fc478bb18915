"""Crypto layer: key derivation, key slots, blob encryption, export sealing. No Qt, no SQLAlchemy."""
