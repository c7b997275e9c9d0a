-- Placeholder: another branch holds migration 0016. Delete this file when merging
-- that branch; it only keeps the numbers contiguous on this one.
SELECT 1;
