-- The first schema: one row per article, actor, alias, mention, quote, event and rejected input.
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    path VARCHAR NOT NULL,
    title VARCHAR,
    publisher VARCHAR,
    published DATE,
    language VARCHAR,
    text VARCHAR NOT NULL,
    removed VARCHAR[],
    dek VARCHAR,
    dateline VARCHAR,
    cluster VARCHAR,
    duplicate_of VARCHAR,
    quality_score DOUBLE,
    quality_flags VARCHAR[],
    skipped VARCHAR[],
    minhash BLOB,
    shingles INTEGER,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE actors (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    type VARCHAR,
    country VARCHAR,
    role VARCHAR,
    sector VARCHAR
);
CREATE TABLE aliases (
    actor_id VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE TABLE quotes (
    article_id VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    speaker_id VARCHAR,
    speaker_name VARCHAR,
    addressee_id VARCHAR,
    addressee_name VARCHAR,
    cue VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    sentence INTEGER,
    PRIMARY KEY (article_id, n)
);
CREATE TABLE events (
    article_id VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    type VARCHAR NOT NULL,
    cameo VARCHAR,
    goldstein DOUBLE,
    quad INTEGER,
    source_id VARCHAR,
    source_name VARCHAR,
    source_country VARCHAR,
    target_id VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    negated BOOLEAN,
    modality VARCHAR,
    date DATE,
    location_name VARCHAR,
    location_country VARCHAR,
    sentence INTEGER,
    start_char INTEGER,
    end_char INTEGER,
    confidence DOUBLE,
    trigger VARCHAR,
    PRIMARY KEY (article_id, n)
);
CREATE TABLE rejected (
    path VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    stage VARCHAR,
    "at" TIMESTAMP DEFAULT current_timestamp
);
CREATE INDEX mentions_actor ON mentions (actor_id);
CREATE INDEX events_source ON events (source_id);
CREATE INDEX events_target ON events (target_id);
