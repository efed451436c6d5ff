-- Publishers, stories (clusters of republished copies), copy flags so a story counts once,
-- denormalised event day/story for fast timelines, and a quote key for the full-text index.
CREATE TABLE publishers (
    name VARCHAR PRIMARY KEY,
    domain VARCHAR
);
INSERT OR IGNORE INTO publishers (name)
    SELECT DISTINCT publisher FROM articles WHERE publisher IS NOT NULL;

CREATE TABLE stories (
    id VARCHAR PRIMARY KEY,
    first_article VARCHAR NOT NULL,
    title VARCHAR,
    first_published DATE
);
INSERT OR IGNORE INTO stories (id, first_article, title, first_published)
    SELECT coalesce(cluster, id), arg_min(id, ingested_at), arg_min(title, ingested_at), min(published)
    FROM articles GROUP BY coalesce(cluster, id);

ALTER TABLE articles ADD COLUMN url VARCHAR;

ALTER TABLE events ADD COLUMN story VARCHAR;
ALTER TABLE events ADD COLUMN day DATE;
ALTER TABLE events ADD COLUMN is_copy BOOLEAN DEFAULT false;
UPDATE events SET story = (SELECT coalesce(a.cluster, a.id) FROM articles a WHERE a.id = events.article_id),
                  day = coalesce(date, (SELECT a.published FROM articles a WHERE a.id = events.article_id)),
                  is_copy = false;

ALTER TABLE quotes ADD COLUMN qid VARCHAR;
ALTER TABLE quotes ADD COLUMN story VARCHAR;
ALTER TABLE quotes ADD COLUMN is_copy BOOLEAN DEFAULT false;
UPDATE quotes SET qid = article_id || ':' || n,
                  story = (SELECT coalesce(a.cluster, a.id) FROM articles a WHERE a.id = quotes.article_id),
                  is_copy = false;

CREATE TABLE store_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
