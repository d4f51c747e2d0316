-- Live progress beyond epoch and batch, and the workers that serve the queue.

ALTER TABLE runs
    ADD COLUMN eta_seconds         double precision CHECK (eta_seconds >= 0),
    ADD COLUMN progress_updated_at timestamptz;

-- One row per worker thread of any InitLab instance; a row whose seen_at is old belongs to a dead process.
CREATE TABLE workers (
    id          varchar(200) PRIMARY KEY,
    instance    varchar(200) NOT NULL,
    device      varchar(32)  NOT NULL,
    current_run uuid REFERENCES runs (id) ON DELETE SET NULL,
    started_at  timestamptz  NOT NULL DEFAULT now(),
    seen_at     timestamptz  NOT NULL DEFAULT now()
);
