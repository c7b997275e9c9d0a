-- Reserved: number 0006 belongs to the accounts hardening (branch harden-accounts).
-- This placeholder only keeps the numbers contiguous on this branch; drop it
-- when merging after that branch, whose 0006 takes its place.
SELECT 1;
