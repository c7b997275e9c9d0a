-- Placeholder: another branch holds migration 0015. Delete this file when merging
-- that branch; it only keeps the numbers contiguous on this one.
SELECT 1;
