-- Lead Handoff schema v1. One dialect for PGlite and PostgreSQL (15+).

-- Every definitions file the product has run with, by content hash, so a qualification can always
-- be read against the agreement that produced it.
CREATE TABLE definitions_versions (
  hash text PRIMARY KEY,
  version text NOT NULL,
  body jsonb NOT NULL,
  first_loaded_at timestamptz NOT NULL DEFAULT now()
);

-- Raw webhook batches, stored before the 2xx; a job processes each one.
CREATE TABLE webhook_batches (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  events jsonb NOT NULL,
  event_count integer NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  processed_at timestamptz
);
CREATE INDEX webhook_batches_pending ON webhook_batches (id) WHERE state = 'pending';

-- Deduplication of redelivered events: HubSpot's eventId is unique per subscription only.
CREATE TABLE webhook_events (
  subscription_id text NOT NULL,
  event_id text NOT NULL,
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  subscription_type text NOT NULL,
  property_name text,
  property_value text,
  occurred_at timestamptz NOT NULL,
  batch_id bigint NOT NULL,
  PRIMARY KEY (subscription_id, event_id)
);

-- The contacts we track: the properties the definition reads, their history, the live evaluation.
CREATE TABLE contacts (
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  properties jsonb NOT NULL DEFAULT '{}',
  history jsonb NOT NULL DEFAULT '{}',
  evaluation jsonb,
  evaluated_at timestamptz,
  definition_hash text,
  owner_id text,
  crm_updated_at timestamptz,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, contact_id)
);

-- Frozen at qualification: later enrichment or a new definition never rewrites these grounds.
CREATE TABLE qualifications (
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  definition_version text NOT NULL,
  definition_hash text NOT NULL,
  qualified_at timestamptz NOT NULL,
  grounds jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, contact_id)
);

-- SLA deadlines: one handoff and one verdict deadline per contact. next_check_at is the next
-- instant the sweeper must look at the row (warning, breach or escalation); null once closed.
CREATE TABLE deadlines (
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('handoff', 'verdict')),
  clock text NOT NULL CHECK (clock IN ('business', 'calendar')),
  started_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  warn_at timestamptz NOT NULL,
  escalate_at timestamptz NOT NULL,
  met_at timestamptz,
  status text NOT NULL,
  definition_hash text NOT NULL,
  next_check_at timestamptz,
  PRIMARY KEY (portal_id, contact_id, kind)
);
CREATE INDEX deadlines_next_check ON deadlines (next_check_at) WHERE next_check_at IS NOT NULL;

-- One row per alert that must happen exactly once: the unique key is the guarantee, across
-- restarts and instances (the loser of a race inserts nothing).
CREATE TABLE sla_alerts (
  id bigserial PRIMARY KEY,
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  deadline_kind text NOT NULL,
  alert_kind text NOT NULL CHECK (alert_kind IN ('due_soon', 'breached', 'escalated')),
  started_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  owner_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (portal_id, contact_id, deadline_kind, started_at, alert_kind)
);

CREATE TABLE alert_deliveries (
  alert_id bigint NOT NULL REFERENCES sla_alerts (id),
  channel text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz,
  PRIMARY KEY (alert_id, channel)
);

CREATE TABLE verdicts (
  id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  verdict text NOT NULL CHECK (verdict IN ('accepted', 'rejected', 'recycled')),
  reason_code text NOT NULL,
  note text,
  decided_at timestamptz NOT NULL,
  decided_by text,
  decided_by_user_id text,
  owner_id text,
  definition_hash text NOT NULL,
  idempotency_key text,
  write_back text NOT NULL DEFAULT 'pending' CHECK (write_back IN ('pending', 'written', 'failed', 'superseded')),
  write_back_error text,
  UNIQUE (portal_id, idempotency_key)
);
CREATE INDEX verdicts_by_contact ON verdicts (portal_id, contact_id, seq DESC);

-- The write-back outbox: per contact and target, the property values still to be written. Changes
-- merge into the row (latest value per property wins) and bump version; only one write per
-- contact is in flight at a time (lease), so an older payload can never land after a newer one.
CREATE TABLE write_backs (
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  target text NOT NULL,
  properties jsonb NOT NULL,
  verdict_id uuid,
  version bigint NOT NULL DEFAULT 1,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_flight', 'written', 'failed')),
  lease_until timestamptz,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error_code text,
  last_error text,
  written_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, contact_id, target)
);
CREATE INDEX write_backs_due ON write_backs (next_attempt_at) WHERE state IN ('pending', 'in_flight');

-- Resumable long-running work (backfill windows, reconciliation watermark).
CREATE TABLE sync_cursors (
  name text PRIMARY KEY,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Reps' HubSpot user id -> owner id, cached from the owners API.
CREATE TABLE owner_cache (
  portal_id text NOT NULL,
  user_id text NOT NULL,
  owner_id text,
  email text,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, user_id)
);
