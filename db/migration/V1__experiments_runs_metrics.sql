-- One experiment = a recipe, its variants and its seeds; one run per variant × seed.

CREATE TABLE experiments (
    id               uuid PRIMARY KEY,
    name             varchar(200)     NOT NULL,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    dataset          varchar(300)     NOT NULL,
    image_size       integer          NOT NULL CHECK (image_size BETWEEN 16 AND 1024),
    epochs           integer          NOT NULL CHECK (epochs BETWEEN 1 AND 1000),
    batch_size       integer          NOT NULL CHECK (batch_size BETWEEN 1 AND 4096),
    lr_max           double precision NOT NULL CHECK (lr_max > 0 AND lr_max <= 10),
    weight_decay     double precision NOT NULL CHECK (weight_decay BETWEEN 0 AND 1),
    head             varchar(16)      NOT NULL CHECK (head IN ('fastai', 'linear')),
    train_limit      integer CHECK (train_limit > 0),
    valid_limit      integer CHECK (valid_limit > 0),
    device           varchar(16)      NOT NULL CHECK (device ~ '^(auto|cpu|gpu[0-9]{0,2})$'),
    -- fastai's fixed defaults, stored so that a run stays self-describing if they ever change
    adam_beta2       double precision NOT NULL CHECK (adam_beta2 > 0 AND adam_beta2 < 1),
    adam_eps         double precision NOT NULL CHECK (adam_eps > 0),
    momentum_high    double precision NOT NULL CHECK (momentum_high > 0 AND momentum_high < 1),
    momentum_low     double precision NOT NULL CHECK (momentum_low > 0 AND momentum_low < 1),
    pct_start        double precision NOT NULL CHECK (pct_start > 0 AND pct_start < 1),
    div_factor       double precision NOT NULL CHECK (div_factor >= 1),
    final_div_factor double precision NOT NULL CHECK (final_div_factor >= 1)
);
CREATE INDEX experiments_newest_first ON experiments (created_at DESC, id);

CREATE TABLE variants (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id uuid             NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    position      integer          NOT NULL CHECK (position >= 0),
    name          varchar(100)     NOT NULL CHECK (length(trim(name)) > 0),
    bn2_gamma     double precision NOT NULL CHECK (bn2_gamma BETWEEN 0 AND 2),
    UNIQUE (experiment_id, name),
    UNIQUE (experiment_id, position)
);

CREATE TABLE runs (
    id                uuid PRIMARY KEY,
    -- queue order: oldest first, and within an experiment seed by seed so that pairs finish together
    queue_order       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    experiment_id     uuid        NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    variant_id        bigint      NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    seed              bigint      NOT NULL CHECK (seed >= 0),
    status            varchar(16) NOT NULL DEFAULT 'QUEUED'
                      CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempt           integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    cancel_requested  boolean     NOT NULL DEFAULT false,
    worker            varchar(200),
    device            varchar(32),
    lease_until       timestamptz,
    progress_epoch    integer CHECK (progress_epoch >= 0),
    progress_batch    integer CHECK (progress_batch >= 0),
    batches_per_epoch integer CHECK (batches_per_epoch > 0),
    images_per_second double precision CHECK (images_per_second >= 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    error             text,
    UNIQUE (variant_id, seed),
    CHECK (status <> 'RUNNING' OR (worker IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, queue_order);
-- the claim takes the oldest QUEUED run; the reaper looks for RUNNING runs past their lease
CREATE INDEX runs_queued ON runs (queue_order) WHERE status = 'QUEUED';
CREATE INDEX runs_leased ON runs (lease_until) WHERE status = 'RUNNING';

CREATE TABLE epoch_metrics (
    run_id          uuid             NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    epoch           integer          NOT NULL CHECK (epoch >= 0),
    train_loss      double precision NOT NULL,
    train_loss_mean double precision NOT NULL,
    valid_loss      double precision NOT NULL,
    accuracy        double precision NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
    seconds         double precision NOT NULL CHECK (seconds >= 0),
    recorded_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, epoch)
);
