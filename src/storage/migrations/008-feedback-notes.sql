-- The feedback view lists the latest current verdicts that carry a note (src/storage/
-- marketer-queries.ts feedbackNotes): newest first from this index, stopping at the cap, instead of
-- reading every verdict of the window. The predicate is the query's, word for word (`\S`: at least
-- one character that is not white space), so the planner can use the partial index.
CREATE INDEX verdicts_noted ON verdicts (portal_id, decided_at DESC) WHERE note ~ '\S';
