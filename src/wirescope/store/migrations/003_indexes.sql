-- Indexes for point look-ups on large stores (a separate migration: DuckDB cannot build an index
-- in the transaction that updated the table).
CREATE INDEX articles_cluster ON articles (cluster);
CREATE INDEX events_story ON events (story);
CREATE INDEX events_source_country ON events (source_country);
CREATE INDEX events_target_country ON events (target_country);
CREATE INDEX quotes_speaker ON quotes (speaker_id);
CREATE INDEX quotes_story ON quotes (story);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX aliases_actor ON aliases (actor_id);
