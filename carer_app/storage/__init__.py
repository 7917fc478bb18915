"""Storage layer: SQLAlchemy models over SQLCipher, migrations, the encrypted blob store."""
