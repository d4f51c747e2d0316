-- Every change to a run, and every epoch stored or removed, takes a new number from one sequence. A run's
-- numbers only grow, so the sum of an experiment's numbers changes with every committed change, whichever
-- instance wrote it: a version for caches and ETags that costs one indexed read.
--   changed:        any change to the run (status, progress, attempt, …) and to its epochs
--   epochs_changed: an epoch of the run stored or removed (a requeue clears partial epochs)
CREATE SEQUENCE change_numbers;

ALTER TABLE runs
    ADD COLUMN changed        bigint NOT NULL DEFAULT nextval('change_numbers'),
    ADD COLUMN epochs_changed bigint NOT NULL DEFAULT nextval('change_numbers');

CREATE FUNCTION number_run_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed := nextval('change_numbers');
    RETURN NEW;
END
$$;
CREATE TRIGGER runs_number_change
    BEFORE UPDATE ON runs
    FOR EACH ROW EXECUTE FUNCTION number_run_change();

-- The run's row is the only one locked: the worker that stores the epoch already holds it, so no new lock order.
CREATE FUNCTION number_epoch_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE runs SET epochs_changed = nextval('change_numbers')
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.run_id ELSE NEW.run_id END;
    RETURN NULL;
END
$$;
CREATE TRIGGER epoch_metrics_number_change
    AFTER INSERT OR UPDATE OR DELETE ON epoch_metrics
    FOR EACH ROW EXECUTE FUNCTION number_epoch_change();
