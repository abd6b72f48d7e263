-- Document bodies leave workflow histories (issue 13, finding 5): they are stored here once per SHA-256
-- and workflows carry only the reference (hash, size, media type). The bodies agreement versions held
-- inline move here, under the hash of their UTF-8 bytes (the hash the API computed for them).
CREATE TABLE "documents" (
    "sha256" CHAR(64) NOT NULL,
    "media_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "body" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("sha256")
);

INSERT INTO "documents" ("sha256", "media_type", "size_bytes", "body")
SELECT DISTINCT ON (hash) hash, 'text/plain; charset=utf-8', octet_length(bytes), bytes
FROM (
    SELECT encode(sha256(convert_to("document_text", 'UTF8')), 'hex') AS hash, convert_to("document_text", 'UTF8') AS bytes
    FROM "agreement_versions"
    WHERE "document_text" IS NOT NULL
) AS inline
ON CONFLICT ("sha256") DO NOTHING;

ALTER TABLE "agreement_versions" DROP COLUMN "document_text";
