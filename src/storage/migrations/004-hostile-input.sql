-- Hostile and unlucky input: refused webhook events kept for inspection, a retention window for the
-- webhook dedupe history, and write-backs whose outcome is unknown confirmed once more.

-- Webhook events refused at the door (U+0000, a missing or oversized id, ...), while the rest of
-- their delivery is processed. `event` is the event as JSON text with U+0000 escaped: neither text
-- nor jsonb can hold U+0000 itself.
CREATE TABLE webhook_refusals (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  event_index integer NOT NULL,
  field text NOT NULL,
  reason text NOT NULL,
  event text NOT NULL
);
CREATE INDEX webhook_refusals_received ON webhook_refusals (received_at);

-- The dedupe history only has to outlive HubSpot's redeliveries; it is pruned by when we recorded
-- each event (see src/storage/webhook-history.ts for the window).
ALTER TABLE webhook_events ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX webhook_events_recorded ON webhook_events (recorded_at);
CREATE INDEX webhook_batches_done ON webhook_batches (processed_at) WHERE state = 'done';

-- A write whose outcome is unknown (timeout, connection reset, 5xx, an input HubSpot did not report,
-- a holder that died mid-call) may still be applied by HubSpot until `unsettled_until`. If a write
-- carrying values newer than `unsettled_version` succeeds before then, the row's current values are
-- sent once more after it, so the older request never has the last word. `sent_version` is the
-- version the latest claim sent (what a dead holder's request carried).
ALTER TABLE write_backs ADD COLUMN sent_version bigint;
ALTER TABLE write_backs ADD COLUMN unsettled_version bigint;
ALTER TABLE write_backs ADD COLUMN unsettled_until timestamptz;
