-- The primary endpoint every decision about an experiment is made on: accuracy at one epoch (NULL: the
-- last one), compared paired by seed with the baseline; and the smallest difference in accuracy worth
-- finding, which the power analysis sizes the seeds for.
ALTER TABLE experiments
    ADD COLUMN primary_epoch       integer CHECK (primary_epoch >= 0),
    ADD COLUMN smallest_difference double precision NOT NULL DEFAULT 0.01
        CHECK (smallest_difference > 0 AND smallest_difference <= 1);

-- Sequential experiments (stopping_rule 'anytime'): after each step's pairs have finished, the safe paired
-- t-test at level stopping_alpha, with prior variance stopping_g, decides whether seeds_per_step more seeds
-- are queued, up to stopping_max_seeds. NULL rule: the fixed design, every seed listed at creation.
ALTER TABLE experiments
    ADD COLUMN stopping_rule           text CHECK (stopping_rule IN ('anytime')),
    ADD COLUMN stopping_alpha          double precision CHECK (stopping_alpha > 0 AND stopping_alpha < 1),
    ADD COLUMN stopping_max_seeds      integer CHECK (stopping_max_seeds >= 2),
    ADD COLUMN stopping_seeds_per_step integer CHECK (stopping_seeds_per_step >= 1),
    ADD COLUMN stopping_g              double precision CHECK (stopping_g > 0),
    ADD CHECK ((stopping_rule IS NULL) = (stopping_alpha IS NULL)
        AND (stopping_rule IS NULL) = (stopping_max_seeds IS NULL)
        AND (stopping_rule IS NULL) = (stopping_seeds_per_step IS NULL)
        AND (stopping_rule IS NULL) = (stopping_g IS NULL));
