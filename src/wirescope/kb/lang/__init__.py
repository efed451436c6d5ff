"""Language data (word lists and small tables) read from `kb/lang/<code>/*.yaml`.

Algorithms ask for a named table (`words("actors")["honorifics"]`) instead of holding constants, so a
new language is a new folder of data, as in spaCy's `lang/xx` modules.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

LANG = Path(__file__).parent


@functools.cache
def words(table: str, lang: str = "en") -> dict[str, Any]:
    """The YAML table `kb/lang/<lang>/<table>.yaml`; lists become frozensets for membership tests."""
    import yaml

    data = yaml.safe_load((LANG / lang / f"{table}.yaml").read_text(encoding="utf-8")) or {}
    return {k: frozenset(str(x) for x in v) if isinstance(v, list) else v for k, v in data.items()}
