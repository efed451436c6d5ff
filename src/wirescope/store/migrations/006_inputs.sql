-- Input files already ingested (issue 13): `ingest` skips a file whose path, size, modification time and
-- content hash match its row here before any reading or NLP. A file is recorded once every record it gave
-- was stored (or was stored before); a file with a rejected record is read again by the next ingest.
-- No DEFAULT current_timestamp column: a table with one cannot be altered from the write-ahead log.
CREATE TABLE inputs (
    path VARCHAR,         -- absolute path of the file
    size BIGINT,
    mtime_ns BIGINT,
    sha VARCHAR,          -- blake2b of the content (20 bytes, hex)
    documents INTEGER,    -- records the file gave
    seen_at TIMESTAMP
);
