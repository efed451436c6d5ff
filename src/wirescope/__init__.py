"""wirescope: who said and did what to whom, when and where, from raw news pages."""

__version__ = "0.1.0"
