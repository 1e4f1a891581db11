-- The write-back outbox in our words, and what the Salesforce connector keeps between runs.
-- One dialect for PGlite and PostgreSQL (15+).

-- Each row holds the contact's pending change as CRM-neutral parts (qualification, verdict, SLA
-- status, ...), merged part by part (latest wins); each connector maps them to its own fields when
-- it writes. `properties` is only read for rows queued before this migration, in HubSpot's words.
-- `unlinked`: the target has no record of the contact yet (no Salesforce Lead linked); the row
-- keeps its values until a later change or a re-check finds one.
ALTER TABLE write_backs ADD COLUMN changes jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE write_backs DROP CONSTRAINT write_backs_state_check;
ALTER TABLE write_backs ADD CONSTRAINT write_backs_state_check
  CHECK (state IN ('pending', 'in_flight', 'written', 'failed', 'parked', 'unlinked'));
DROP INDEX write_backs_due;
CREATE INDEX write_backs_due ON write_backs (target, portal_id, next_attempt_at)
  WHERE state IN ('pending', 'in_flight', 'parked', 'unlinked');
-- Each flush first asks whether the (portal, target) has writes parked on a refused token: cheap
-- only with the parked rows indexed apart (a few), not among the whole backlog.
CREATE INDEX write_backs_parked ON write_backs (target, portal_id) WHERE state = 'parked';

-- A Salesforce refresh token rotated by the org, keyed by a SHA-256 of the configured token (a new
-- configured token starts a new chain): the next boot refreshes with the newest one.
CREATE TABLE salesforce_refresh_tokens (
  configured_sha256 text PRIMARY KEY,
  refresh_token text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Verdicts a Salesforce user set on a Lead that the definitions do not allow: recorded, never
-- guessed, shown in /readyz. One row per Lead and change instant.
CREATE TABLE sales_verdict_refusals (
  portal_id text NOT NULL,
  record_id text NOT NULL,
  decided_at timestamptz NOT NULL,
  contact_id text NOT NULL,
  verdict text,
  reason_code text,
  problem text NOT NULL,
  decided_by text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, record_id, decided_at)
);

-- Converted Leads read from Salesforce: the contact each converted Lead's opportunity belongs to,
-- so the Opportunity read afterwards (which names no contact) is linked to it.
CREATE TABLE sales_lead_conversions (
  portal_id text NOT NULL,
  record_id text NOT NULL,
  contact_id text NOT NULL,
  opportunity_id text,
  converted_on date,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, record_id)
);
CREATE INDEX sales_lead_conversions_by_opportunity ON sales_lead_conversions (portal_id, opportunity_id);
