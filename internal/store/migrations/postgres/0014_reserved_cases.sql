-- Placeholder for migration 0014, which the cases branch owns (issue 13):
-- it keeps the numbering whole on the alerts branch. Delete this file when
-- the cases branch's 0014 is merged.
SELECT 1;
