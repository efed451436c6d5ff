-- Incremental derived tables: what the last ingest stored and the derived tables do not hold yet, and an
-- actor index without a global rank (one actor's counts change without renumbering the others).

CREATE TABLE derived_pending (
    kind VARCHAR NOT NULL,  -- 'article' or 'actor'
    id VARCHAR NOT NULL
);

DROP TABLE IF EXISTS actor_index;

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
