-- Counters of the general per-route rate limit (api/rate-limit.ts). The layout is rate-limiter-flexible's
-- RateLimiterPostgres table, created here rather than by the library at run time so that the
-- application's database role needs no CREATE privilege.
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
