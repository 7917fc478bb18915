"""Domain layer: dataclasses, enums and rules. Standard library only."""
