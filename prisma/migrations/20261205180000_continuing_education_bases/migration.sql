-- Continuing education (issue 17): the subjects of its hash-chained trails (a cohort's steps, a person's
-- hours ledger, a base's accreditation), and the bases' standing, the BaseAccreditation workflow's
-- projection, which decides whether an organisation may open new cohorts.
ALTER TYPE "AuditSubjectType" ADD VALUE 'training_cohort';
ALTER TYPE "AuditSubjectType" ADD VALUE 'hours_ledger';
ALTER TYPE "AuditSubjectType" ADD VALUE 'continuing_education_base';

-- CreateTable
CREATE TABLE "continuing_education_bases" (
    "organization_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "accredited_until" TIMESTAMPTZ(3),
    "accreditation_workflow_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "continuing_education_bases_pkey" PRIMARY KEY ("organization_id"),
    CONSTRAINT "continuing_education_bases_status_check" CHECK ("status" IN ('accredited', 'rectification', 'exited'))
);

-- AddForeignKey
ALTER TABLE "continuing_education_bases" ADD CONSTRAINT "continuing_education_bases_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
