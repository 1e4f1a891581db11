-- Recovery sweeps, parked write-backs, and one HubSpot budget shared by every instance.

-- When the recovery sweep last handed a stranded row to the job queue: it looks again only after a
-- while, so a backlog the queue is working through is not re-sent every minute.
ALTER TABLE webhook_batches ADD COLUMN requeued_at timestamptz;
ALTER TABLE alert_deliveries ADD COLUMN requeued_at timestamptz;
CREATE INDEX alert_deliveries_pending ON alert_deliveries (alert_id) WHERE state = 'pending';

-- `parked`: the CRM refused the token (or kept answering in a way we do not understand). The values
-- are kept and sent again once the CRM accepts calls; only a refusal of the values is `failed`.
ALTER TABLE write_backs DROP CONSTRAINT write_backs_state_check;
ALTER TABLE write_backs ADD CONSTRAINT write_backs_state_check
  CHECK (state IN ('pending', 'in_flight', 'written', 'failed', 'parked'));
ALTER TABLE write_backs ADD COLUMN parked_at timestamptz;
DROP INDEX write_backs_due;
CREATE INDEX write_backs_due ON write_backs (next_attempt_at) WHERE state IN ('pending', 'in_flight', 'parked');

-- A call budget shared through the database (one row per budget, e.g. a portal's HubSpot calls):
-- the windows HubSpot's rate-limit headers reported, and a pause every instance honours (a 429).
CREATE TABLE rate_budgets (
  bucket text PRIMARY KEY,
  windows jsonb,
  paused_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The calls each budget has let through recently, stamped with the database's clock (one clock for
-- every instance); rows older than the longest window are deleted as new calls are admitted.
CREATE TABLE rate_calls (
  bucket text NOT NULL REFERENCES rate_budgets (bucket),
  at timestamptz NOT NULL
);
CREATE INDEX rate_calls_by_bucket ON rate_calls (bucket, at);
