-- Every change to a run, and every epoch stored or removed, takes a new number from one sequence. A run's
-- numbers only grow, so the sum of an experiment's numbers changes with every committed change, whichever
-- instance wrote it: a version for caches and ETags that costs one indexed read.
--   changed:        a change of the run's state (status, attempt, worker, cancel request, error, times, the
--                   checkpoint it resumed from) or of its epochs; not its progress, which changes every second
--                   while it trains and which pages follow live over their event stream
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
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.attempt IS DISTINCT FROM NEW.attempt
          OR OLD.cancel_requested IS DISTINCT FROM NEW.cancel_requested
          OR OLD.worker IS DISTINCT FROM NEW.worker
          OR OLD.device IS DISTINCT FROM NEW.device
          OR OLD.started_at IS DISTINCT FROM NEW.started_at
          OR OLD.finished_at IS DISTINCT FROM NEW.finished_at
          OR OLD.error IS DISTINCT FROM NEW.error
          OR OLD.resumed_from_epoch IS DISTINCT FROM NEW.resumed_from_epoch
          OR OLD.resumed_from_batch IS DISTINCT FROM NEW.resumed_from_batch
          OR OLD.epochs_changed IS DISTINCT FROM NEW.epochs_changed)
    EXECUTE FUNCTION number_run_change();

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
