-- CreateEnum
CREATE TYPE "AuditSubjectType" AS ENUM ('agreement', 'certification_application', 'placement');

-- AlterTable
ALTER TABLE "agreements" ADD COLUMN     "audit_head_hash" CHAR(64),
ADD COLUMN     "audit_head_sequence" INTEGER,
ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "closed_by" TEXT,
ADD COLUMN     "closed_reason" TEXT,
ADD COLUMN     "current_routing_group" INTEGER,
ADD COLUMN     "effective_at" TIMESTAMPTZ(3),
ADD COLUMN     "effective_until" TIMESTAMPTZ(3),
ADD COLUMN     "launched_by" TEXT,
ADD COLUMN     "seal" CHAR(64),
ADD COLUMN     "secretariat_organization_id" TEXT;

-- AlterTable
ALTER TABLE "agreement_parties" ADD COLUMN     "acted_at" TIMESTAMPTZ(3),
ADD COLUMN     "delegated_to_user_id" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'organization',
ADD COLUMN     "organization_id" TEXT,
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'waiting',
ADD COLUMN     "user_id" TEXT;

-- CreateTable
CREATE TABLE "agreement_versions" (
    "agreement_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "document_sha256" CHAR(64) NOT NULL,
    "document_text" TEXT,
    "document_reference" TEXT,
    "created_by" TEXT NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agreement_versions_pkey" PRIMARY KEY ("agreement_id","version")
);

-- CreateTable
CREATE TABLE "agreement_signatures" (
    "agreement_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "party_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "acted_by_user_id" TEXT NOT NULL,
    "on_behalf_of_organization_id" TEXT,
    "delegated" BOOLEAN NOT NULL DEFAULT false,
    "document_sha256" CHAR(64) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agreement_signatures_pkey" PRIMARY KEY ("agreement_id","version","party_id")
);

-- CreateTable
CREATE TABLE "agreement_delegations" (
    "agreement_id" TEXT NOT NULL,
    "party_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "from_user_id" TEXT NOT NULL,
    "to_user_id" TEXT NOT NULL,
    "reason" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agreement_delegations_pkey" PRIMARY KEY ("agreement_id","party_id","sequence")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "subject_type" "AuditSubjectType" NOT NULL,
    "subject_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "entry_key" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,
    "previous_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("subject_type","subject_id","sequence")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_entries_subject_type_subject_id_entry_key_key" ON "audit_entries"("subject_type", "subject_id", "entry_key");

-- CreateIndex
CREATE INDEX "agreements_kind_created_at_idx" ON "agreements"("kind", "created_at");

-- CreateIndex
CREATE INDEX "agreements_secretariat_organization_id_created_at_idx" ON "agreements"("secretariat_organization_id", "created_at");

-- CreateIndex
CREATE INDEX "agreement_parties_organization_id_idx" ON "agreement_parties"("organization_id");

-- CreateIndex
CREATE INDEX "agreement_parties_user_id_idx" ON "agreement_parties"("user_id");

-- AddForeignKey
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_delegations" ADD CONSTRAINT "agreement_delegations_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Append-only audit trail (written by hand below Prisma's output, as Prisma Migrate allows): once
-- written, no role may change or remove an entry; the hash chain makes any change outside these rules
-- (a superuser disabling the trigger) visible to verification.
CREATE FUNCTION "audit_entries_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Audit entries can only be inserted.';
END;
$$;

CREATE TRIGGER "audit_entries_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_entries"
    FOR EACH ROW EXECUTE FUNCTION "audit_entries_refuse_change"();

CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_refuse_change"();
