-- What people write about an experiment after creating it: its name (now editable), a plain-text description
-- and tags to find it by. Editing them takes a new change number, so pages cached per version follow.
ALTER TABLE experiments
    ADD COLUMN description text   NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    ADD COLUMN tags        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
    ADD COLUMN changed     bigint NOT NULL DEFAULT nextval('change_numbers');

CREATE FUNCTION number_experiment_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed := nextval('change_numbers');
    RETURN NEW;
END
$$;
CREATE TRIGGER experiments_number_change
    BEFORE UPDATE ON experiments
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name
          OR OLD.description IS DISTINCT FROM NEW.description
          OR OLD.tags IS DISTINCT FROM NEW.tags)
    EXECUTE FUNCTION number_experiment_change();

CREATE INDEX experiments_tags ON experiments USING gin (tags);
