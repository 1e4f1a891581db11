-- Who is running a long sync job right now (the install backfill of a portal, a backfill window):
-- one holder per name across processes and instances. A holder renews its lease as it goes; one
-- that dies stops renewing, its lease runs out, and the next process resumes from the job's cursor.
CREATE TABLE sync_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  until timestamptz NOT NULL
);
