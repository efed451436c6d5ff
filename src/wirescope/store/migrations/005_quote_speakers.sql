-- Quote speakers as the text gives them (issue 11): the kind (actor | description | document), the
-- phrase as written, its head noun, and how the speaker was found (cue | according | carried |
-- headline). All nullable: rows written before this migration keep NULL. speaker_id/speaker_name
-- still hold the actor (for a description, the actor it refers to), so speaker filters are unchanged.
ALTER TABLE quotes ADD COLUMN speaker_kind VARCHAR;
ALTER TABLE quotes ADD COLUMN speaker_text VARCHAR;
ALTER TABLE quotes ADD COLUMN speaker_head VARCHAR;
ALTER TABLE quotes ADD COLUMN attribution VARCHAR;
