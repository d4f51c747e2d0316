-- A checkpoint's bytes are written as a new version, in their own transaction and without locking the run's row;
-- they become the run's checkpoint when the short transaction that stores their epoch points at them. Heartbeats,
-- progress and the other runs never wait on a checkpoint's megabytes.
CREATE TABLE checkpoint_versions (
    id         uuid        PRIMARY KEY,
    run_id     uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    worker     varchar(200),
    bytes      bigint      NOT NULL CHECK (bytes >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkpoint_versions_run ON checkpoint_versions (run_id);

CREATE TABLE checkpoint_chunks (
    version_id uuid    NOT NULL REFERENCES checkpoint_versions (id) ON DELETE CASCADE,
    chunk      integer NOT NULL CHECK (chunk >= 0),
    data       bytea   NOT NULL,
    PRIMARY KEY (version_id, chunk)
);
-- deflated already: stored out of line without trying to compress again
ALTER TABLE checkpoint_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- the checkpoints stored so far become each run's first version
ALTER TABLE run_checkpoints ADD COLUMN version_id uuid;
INSERT INTO checkpoint_versions (id, run_id, bytes, created_at)
    SELECT gen_random_uuid(), run_id, bytes, created_at FROM run_checkpoints;
UPDATE run_checkpoints c SET version_id = v.id FROM checkpoint_versions v WHERE v.run_id = c.run_id;
INSERT INTO checkpoint_chunks (version_id, chunk, data)
    SELECT c.version_id, k.chunk, k.data FROM run_checkpoint_chunks k JOIN run_checkpoints c USING (run_id);
DROP TABLE run_checkpoint_chunks;

-- run_checkpoints is now the pointer: which version is the run's checkpoint, and where it stands
ALTER TABLE run_checkpoints
    DROP COLUMN bytes,
    ALTER COLUMN version_id SET NOT NULL,
    ADD CONSTRAINT run_checkpoints_version UNIQUE (version_id),
    ADD CONSTRAINT run_checkpoints_version_fk FOREIGN KEY (version_id)
        REFERENCES checkpoint_versions (id) ON DELETE CASCADE;

-- A run that ends, by whatever path, needs none of its versions any more.
CREATE OR REPLACE FUNCTION delete_checkpoint_of_ended_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM checkpoint_versions WHERE run_id = NEW.id;
    RETURN NEW;
END
$$;
