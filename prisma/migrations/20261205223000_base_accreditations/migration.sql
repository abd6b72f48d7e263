-- Base accreditation (issue 17): the BaseAccreditation workflow's projection of an application to be a
-- continuing-education base and of its yearly dynamic review. Its steps are in the audit trail (subject
-- continuing_education_base); the standing it decides is continuing_education_bases.
CREATE TABLE "base_accreditations" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "authority_organization_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "year" INTEGER NOT NULL DEFAULT 0,
    "accredited_at" TIMESTAMPTZ(3),
    "accredited_until" TIMESTAMPTZ(3),
    "years" JSONB NOT NULL DEFAULT '[]',
    "applied_by" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "workflow_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "base_accreditations_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "base_accreditations_created_at_id_idx" ON "base_accreditations"("created_at", "id");

CREATE INDEX "base_accreditations_organization_id_created_at_id_idx" ON "base_accreditations"("organization_id", "created_at", "id");
