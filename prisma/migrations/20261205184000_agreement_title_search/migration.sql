-- The agreement list's title search (GET /v1/agreements?q=): a case-insensitive "contains" (ILIKE) served
-- by a trigram index, which works for any script (Chinese titles included; PostgreSQL's full-text
-- parsers do not segment Chinese). pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "agreements_title_idx" ON "agreements" USING GIN ("title" gin_trgm_ops);
