-- Events by who took part (issue 14): one row per event and per actor id or country code on either of
-- its sides, with the event's columns, sorted by (level, key, day). A filter on an actor or a country
-- (the actor page, search, filtered event cards, summaries and maps) reads the few row groups of its
-- keys instead of every event. Kept by each ingest (DuckDBStore.update_derived): new events' rows are
-- appended, and the table is sorted again past a share of unsorted rows (EVENT_SIDES_UNSORTED_SHARE).
CREATE TABLE event_sides (
    level VARCHAR,      -- 'actor' (an actor id) or 'country' (a country code)
    key VARCHAR,
    article_id VARCHAR,
    n INTEGER,
    type VARCHAR,
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
    story VARCHAR,
    day DATE,
    is_copy BOOLEAN
);
