-- Derived tables rebuilt after each ingest (DuckDBStore.refresh_derived): one searchable row per actor
-- (its names folded for matching, its aliases and mention counts), and actual events (copies once) per
-- unordered dyad, sorted by (pair, day) so a dyad timeline reads a few vectors of one row group instead
-- of every event; and the quotes in recency order (k) with the columns search filters on, which the
-- full-text index covers, with the BM25 score of every (term, quote) of that index precomputed in
-- quote_terms, sorted by term. store_meta records the row counts they were built from.
CREATE TABLE actor_index (
    rank BIGINT,        -- 1 = the most mentioned
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
    pair UBIGINT,       -- hash(level, lo, hi): an integer to filter and sort on
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
CREATE TABLE quote_terms (
    termid BIGINT,      -- a term of the fts index over quote_docs
    k BIGINT,           -- quote_docs.k
    score DOUBLE,       -- the term's BM25 weight in that quote (k1 = 1.2, b = 0.75)
    is_copy BOOLEAN
);
