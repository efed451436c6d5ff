"""Errors with a reason a user can act on. Readers and stages raise these; the pipeline records them."""


class WirescopeError(Exception):
    """Base class: anything wirescope reports as a rejected input rather than a crash."""


class InputError(WirescopeError):
    """The input could not be read or decoded (missing, empty, binary, bad encoding, truncated)."""


class StageError(WirescopeError):
    """A stage could not process a document."""


class UsageError(WirescopeError):
    """Bad command-line or API arguments."""


class StoreError(WirescopeError):
    """The store cannot be opened (a broken write-ahead log, not a DuckDB file); `doctor` says what to do."""


class StoreBusy(StoreError):
    """Another process holds the store (one writer at a time): exit status 3."""
