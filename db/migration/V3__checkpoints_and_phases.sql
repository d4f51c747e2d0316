-- Checkpoints let a run whose worker died continue where it stopped; phases say what a run is doing.

-- One checkpoint per run at most: the state after (epoch, batch), written in chunks.
CREATE TABLE run_checkpoints (
    run_id     uuid        PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    epoch      integer     NOT NULL CHECK (epoch >= 0),
    batch      integer     NOT NULL CHECK (batch >= 0),
    bytes      bigint      NOT NULL CHECK (bytes >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE run_checkpoint_chunks (
    run_id uuid    NOT NULL REFERENCES run_checkpoints (run_id) ON DELETE CASCADE,
    chunk  integer NOT NULL CHECK (chunk >= 0),
    data   bytea   NOT NULL,
    PRIMARY KEY (run_id, chunk)
);
-- float weights do not compress: store them out of line without trying
ALTER TABLE run_checkpoint_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- A run that ends, by whatever path, needs its checkpoint no more.
CREATE FUNCTION delete_checkpoint_of_ended_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM run_checkpoints WHERE run_id = NEW.id;
    RETURN NEW;
END
$$;
CREATE TRIGGER runs_end_deletes_checkpoint
    AFTER UPDATE OF status ON runs
    FOR EACH ROW WHEN (NEW.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED'))
    EXECUTE FUNCTION delete_checkpoint_of_ended_run();

ALTER TABLE runs
    ADD COLUMN resumed_from_epoch integer CHECK (resumed_from_epoch >= 0),
    ADD COLUMN resumed_from_batch integer CHECK (resumed_from_batch >= 0),
    -- what a running run is doing: "downloading …", "caching …", "training", "validation", "saving a checkpoint"
    ADD COLUMN phase              varchar(500);
