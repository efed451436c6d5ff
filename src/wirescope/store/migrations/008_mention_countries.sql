-- The country an article gave each mention of an actor (issue 9): an actor's country in the store is the
-- one most of its mentions carry (`store.relink.settle_countries`), not the first article's. Rows stored
-- before this migration take the country their actor has now.
ALTER TABLE mentions ADD COLUMN country VARCHAR;
UPDATE mentions SET country = (SELECT a.country FROM actors a WHERE a.id = mentions.actor_id);
