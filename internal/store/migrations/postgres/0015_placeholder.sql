-- Placeholder so that this branch's 0016 runs alone: another branch owns
-- number 0015; drop this file when merging it.
SELECT 1;
