-- Qualification episodes (re-qualification after a recycled verdict), the facts the marketer views
-- count (per-contact stage instants, CRM opportunities), and read-only views for BI tools.
-- One dialect for PGlite and PostgreSQL (15+).

-- Every qualification is an episode: after a `recycled` verdict (or a `rejected` one, when the
-- definitions allow it) the contact may qualify anew. Existing rows are episode 1.
ALTER TABLE qualifications ADD COLUMN episode integer NOT NULL DEFAULT 1;
ALTER TABLE qualifications DROP CONSTRAINT qualifications_pkey;
ALTER TABLE qualifications ADD PRIMARY KEY (portal_id, contact_id, episode);

-- Each episode has its own handoff and verdict deadlines. met_owner_id is the contact's owner when
-- the deadline was met (SLA compliance by owner); for rows met before this migration, the owner
-- known now is the best there is.
ALTER TABLE deadlines ADD COLUMN episode integer NOT NULL DEFAULT 1;
ALTER TABLE deadlines ADD COLUMN met_owner_id text;
UPDATE deadlines d SET met_owner_id = c.owner_id
  FROM contacts c
 WHERE c.portal_id = d.portal_id AND c.contact_id = d.contact_id AND d.met_at IS NOT NULL;
ALTER TABLE deadlines DROP CONSTRAINT deadlines_pkey;
ALTER TABLE deadlines ADD PRIMARY KEY (portal_id, contact_id, episode, kind);
CREATE INDEX deadlines_due ON deadlines (portal_id, due_at);

-- An alert happens once per contact, episode, deadline and alert kind.
ALTER TABLE sla_alerts ADD COLUMN episode integer NOT NULL DEFAULT 1;
ALTER TABLE sla_alerts DROP CONSTRAINT sla_alerts_portal_id_contact_id_deadline_kind_started_at_al_key;
ALTER TABLE sla_alerts ADD CONSTRAINT sla_alerts_once UNIQUE (portal_id, contact_id, episode, deadline_kind, alert_kind);

-- The episode a verdict judged (null: the contact was not qualified when it was decided). A
-- verdict decided at or after the qualifying instant of episode 1 judged it.
ALTER TABLE verdicts ADD COLUMN episode integer;
UPDATE verdicts v SET episode = 1
 WHERE EXISTS (SELECT 1 FROM qualifications q
                WHERE q.portal_id = v.portal_id AND q.contact_id = v.contact_id AND q.qualified_at <= v.decided_at);

-- CRM opportunities linked to a contact (Salesforce: the converted Lead's ConvertedOpportunityId).
-- Written by the CRM connector through recordOpportunities; read by the funnel and the KPI tree.
CREATE TABLE crm_opportunities (
  portal_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('salesforce')),
  opportunity_id text NOT NULL,
  contact_id text NOT NULL,
  created_at timestamptz NOT NULL,   -- CreatedDate
  is_won boolean NOT NULL,           -- IsWon
  close_date date,                   -- CloseDate (a date, read in the definitions' timezone)
  amount numeric,                    -- Amount
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portal_id, source, opportunity_id)
);
CREATE INDEX crm_opportunities_contact ON crm_opportunities (portal_id, contact_id);

-- One row per contact with its stage instants, maintained in the transactions that change them
-- (tracking a contact, recording a verdict, recording opportunities), so the marketer views count
-- over indexed columns of one narrow table instead of joining the whole history each time.
--   lead_at      the contact's createdate
--   channel      current value of funnel.channelProperty (null: none)
--   mql_at       qualifiedAt of the first qualification, mql_version its definition version
--   verdict*     the current (latest) verdict
--   sql_at       verdict_at when the current verdict is accepted
--   opportunity_at / won_at  earliest of HubSpot's lifecycle dates and the linked CRM opportunities'
CREATE TABLE contact_stages (
  portal_id text NOT NULL,
  contact_id text NOT NULL,
  lead_at timestamptz,
  channel text,
  mql_at timestamptz,
  mql_version text,
  verdict text CHECK (verdict IN ('accepted', 'rejected', 'recycled')),
  verdict_reason text,
  verdict_at timestamptz,
  hubspot_opportunity_at timestamptz,
  hubspot_customer_at timestamptz,
  crm_opportunity_at timestamptz,
  crm_won_at timestamptz,
  sql_at timestamptz GENERATED ALWAYS AS (CASE WHEN verdict = 'accepted' THEN verdict_at END) STORED,
  opportunity_at timestamptz GENERATED ALWAYS AS (LEAST(hubspot_opportunity_at, crm_opportunity_at)) STORED,
  won_at timestamptz GENERATED ALWAYS AS (LEAST(hubspot_customer_at, crm_won_at)) STORED,
  PRIMARY KEY (portal_id, contact_id)
);
-- The cohort's index carries every column the cohort counts, so a quarter is read from the index
-- alone (an index-only scan once autovacuum has marked the pages visible).
CREATE INDEX contact_stages_lead ON contact_stages (portal_id, lead_at)
  INCLUDE (channel, mql_version, mql_at, sql_at, opportunity_at, won_at);
CREATE INDEX contact_stages_mql ON contact_stages (portal_id, mql_at) WHERE mql_at IS NOT NULL;
CREATE INDEX contact_stages_sql ON contact_stages (portal_id, sql_at) WHERE sql_at IS NOT NULL;
CREATE INDEX contact_stages_opportunity ON contact_stages (portal_id, opportunity_at) WHERE opportunity_at IS NOT NULL;
CREATE INDEX contact_stages_won ON contact_stages (portal_id, won_at) WHERE won_at IS NOT NULL;
CREATE INDEX contact_stages_verdict ON contact_stages (portal_id, verdict_at) WHERE verdict_at IS NOT NULL;

-- Existing contacts: the instants their stored properties hold (HubSpot sends datetimes as ISO
-- strings, older payloads as epoch milliseconds; anything unreadable is left empty).
CREATE FUNCTION pg_temp.instant_of(value text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF value ~ '^\d{11,15}$' THEN RETURN to_timestamp(value::bigint / 1000.0); END IF;
  IF value ~ '^\d{4}-\d{2}-\d{2}$' THEN RETURN (value || 'T00:00:00Z')::timestamptz; END IF;
  IF value ~ '^\d{4}-\d{2}-\d{2}T' THEN RETURN value::timestamptz; END IF;
  RETURN NULL;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

INSERT INTO contact_stages (portal_id, contact_id, lead_at, channel, hubspot_opportunity_at, hubspot_customer_at)
SELECT portal_id, contact_id,
       pg_temp.instant_of(properties->>'createdate'),
       NULLIF(btrim(properties->>'hs_analytics_source'), ''),
       pg_temp.instant_of(properties->>'hs_lifecyclestage_opportunity_date'),
       pg_temp.instant_of(properties->>'hs_lifecyclestage_customer_date')
  FROM contacts;

DROP FUNCTION pg_temp.instant_of(text);

UPDATE contact_stages s SET mql_at = q.qualified_at, mql_version = q.definition_version
  FROM qualifications q
 WHERE q.portal_id = s.portal_id AND q.contact_id = s.contact_id AND q.episode = 1;

UPDATE contact_stages s SET verdict = v.verdict, verdict_reason = v.reason_code, verdict_at = v.decided_at
  FROM (SELECT DISTINCT ON (portal_id, contact_id) portal_id, contact_id, verdict, reason_code, decided_at
          FROM verdicts ORDER BY portal_id, contact_id, seq DESC) v
 WHERE v.portal_id = s.portal_id AND v.contact_id = s.contact_id;

-- Views for BI tools (Looker Studio, Metabase, a spreadsheet): the same numbers the marketer views
-- count, one row per contact, per qualification episode, per verdict and per deadline.
CREATE VIEW bi_contact_stages AS
SELECT s.portal_id, s.contact_id,
       COALESCE(s.channel, '(none)') AS channel,
       s.lead_at, s.mql_at, s.sql_at, s.opportunity_at, s.won_at,
       COALESCE(s.mql_version, '(none)') AS mql_definition_version,
       s.verdict AS current_verdict, s.verdict_reason AS current_verdict_reason,
       s.verdict_at AS current_verdict_at,
       s.hubspot_opportunity_at, s.hubspot_customer_at, s.crm_opportunity_at, s.crm_won_at
  FROM contact_stages s;

CREATE VIEW bi_qualifications AS
SELECT q.portal_id, q.contact_id, q.episode, q.definition_version, q.definition_hash, q.qualified_at,
       q.recorded_at
  FROM qualifications q;

CREATE VIEW bi_verdicts AS
SELECT v.id, v.portal_id, v.contact_id, v.episode, v.verdict, v.reason_code, v.note, v.decided_at,
       v.decided_by, v.owner_id AS decided_by_owner_id, v.definition_hash,
       dv.version AS definition_version,
       v.seq = max(v.seq) OVER (PARTITION BY v.portal_id, v.contact_id) AS is_current,
       COALESCE(s.channel, '(none)') AS channel
  FROM verdicts v
  LEFT JOIN definitions_versions dv ON dv.hash = v.definition_hash
  LEFT JOIN contact_stages s ON s.portal_id = v.portal_id AND s.contact_id = v.contact_id;

CREATE VIEW bi_deadlines AS
SELECT d.portal_id, d.contact_id, d.episode, d.kind, d.clock, d.started_at, d.due_at, d.met_at,
       CASE WHEN d.met_at IS NOT NULL THEN
              CASE WHEN d.met_at <= d.due_at THEN 'met_on_time' ELSE 'met_late' END
            WHEN d.due_at > now() THEN 'open'
            ELSE 'breached_open' END AS outcome,
       COALESCE(CASE WHEN d.met_at IS NOT NULL THEN d.met_owner_id ELSE c.owner_id END, '(none)') AS owner_id,
       d.definition_hash
  FROM deadlines d
  LEFT JOIN contacts c ON c.portal_id = d.portal_id AND c.contact_id = d.contact_id;
