-- Derived tables rebuilt after each ingest (DuckDBStore.refresh_derived): one searchable row per actor
-- (its names folded for matching, its aliases and mention counts), and actual events (copies once) per
-- unordered dyad, sorted by (level, lo, hi, day) so a dyad timeline reads a few row groups instead of
-- every event; and the quotes in recency order (k) with the columns search filters on, which the
-- full-text index covers. store_meta records the row counts they were built from.
CREATE TABLE actor_index (
    id VARCHAR,
    name VARCHAR,
    type VARCHAR,
    country VARCHAR,
    role VARCHAR,
    sector VARCHAR,
    aliases VARCHAR[],
    names VARCHAR,      -- lower-case, accent-free name and aliases, one per line
    mentions BIGINT,
    articles BIGINT
);
CREATE TABLE dyads (
    level VARCHAR,      -- 'actor' (actor ids) or 'country' (country codes)
    lo VARCHAR,         -- the smaller key of the pair
    hi VARCHAR,         -- the larger key
    forward BOOLEAN,    -- true when the source is `lo`
    day DATE,
    type VARCHAR,
    quad INTEGER,
    n BIGINT,
    goldstein DOUBLE
);
CREATE TABLE quote_docs (
    k BIGINT PRIMARY KEY,  -- 1 = the most recent quote
    qid VARCHAR,
    article_id VARCHAR,
    n INTEGER,
    text VARCHAR,
    kind VARCHAR,
    cue VARCHAR,
    speaker_id VARCHAR,
    speaker_name VARCHAR,
    addressee_id VARCHAR,
    addressee_name VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    is_copy BOOLEAN,
    published DATE,
    title VARCHAR,
    publisher VARCHAR
);
