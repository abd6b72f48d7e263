-- Leases of the general rate limit (api/rate-limit-lease.ts): an API process claims a chunk of a key's
-- budget in one upsert and must learn how much it got. RETURNING sees only the row after the update
-- (PostgreSQL before 18 has no RETURNING OLD), so the claim stores its chunk here and returns it.
-- The default keeps rate-limiter-flexible's three-value INSERT of an older replica working meanwhile.
ALTER TABLE "rate_limits" ADD COLUMN "last_claim" INTEGER NOT NULL DEFAULT 0;
