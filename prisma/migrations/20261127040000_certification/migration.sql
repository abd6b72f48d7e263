-- CreateEnum
CREATE TYPE "CertificationLevel" AS ENUM ('junior', 'intermediate', 'senior');

-- CreateEnum
CREATE TYPE "CertificationApplicationStatus" AS ENUM ('eligibility_check', 'awaiting_exam', 'formal_review', 'panel_review', 'appeal_review', 'changes_requested', 'public_notice', 'rejected', 'lapsed', 'issued', 'revoked', 'expired');

-- CreateEnum
CREATE TYPE "ReviewStage" AS ENUM ('formal', 'panel', 'appeal_panel');

-- CreateEnum
CREATE TYPE "ReviewTaskStatus" AS ENUM ('open', 'completed', 'cancelled');

-- CreateTable
CREATE TABLE "certification_programmes" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "occupation" TEXT,
    "description" TEXT,
    "certificate_prefix" TEXT NOT NULL,
    "secretariat_organization_id" TEXT NOT NULL,
    "evaluation_organization_ids" TEXT[],
    "domains" TEXT[],
    "policy" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "certification_programmes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certification_applications" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "level" "CertificationLevel" NOT NULL,
    "candidate_user_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "applied_by" TEXT NOT NULL,
    "secretariat_organization_id" TEXT NOT NULL,
    "training_hours" INTEGER NOT NULL,
    "evidence" JSONB NOT NULL,
    "status" "CertificationApplicationStatus" NOT NULL DEFAULT 'eligibility_check',
    "stage" "ReviewStage",
    "round" INTEGER NOT NULL DEFAULT 0,
    "theory_score" DOUBLE PRECISION,
    "practical_score" DOUBLE PRECISION,
    "rejection_kind" TEXT,
    "rejection_reasons" TEXT[],
    "appealable_until" TIMESTAMPTZ(3),
    "notice_ends_at" TIMESTAMPTZ(3),
    "certificate_number" TEXT,
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "certification_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_tasks" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "stage" "ReviewStage" NOT NULL,
    "round" INTEGER NOT NULL,
    "seat" INTEGER NOT NULL,
    "status" "ReviewTaskStatus" NOT NULL DEFAULT 'open',
    "candidate_user_ids" TEXT[],
    "assignee_user_id" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 50,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "follow_up_at" TIMESTAMPTZ(3),
    "reminders_sent" INTEGER NOT NULL DEFAULT 0,
    "escalations" INTEGER NOT NULL DEFAULT 0,
    "decision" TEXT,
    "decision_reason" TEXT,
    "decision_points" TEXT[],
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "review_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certificates" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "level" "CertificationLevel" NOT NULL,
    "candidate_user_id" TEXT NOT NULL,
    "secretariat_organization_id" TEXT NOT NULL,
    "status_list_index" SERIAL NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3) NOT NULL,
    "credential" JSONB NOT NULL,
    "verification_method" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "revocation_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "certificates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certificate_issuer_keys" (
    "id" TEXT NOT NULL,
    "public_key_multibase" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "certificate_issuer_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certificate_status_lists" (
    "id" INTEGER NOT NULL,
    "credential" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "certificate_status_lists_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "certification_programmes_created_at_id_idx" ON "certification_programmes"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "certification_applications_workflow_id_key" ON "certification_applications"("workflow_id");

-- CreateIndex
CREATE INDEX "certification_applications_candidate_user_id_created_at_id_idx" ON "certification_applications"("candidate_user_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "certification_applications_applied_by_created_at_id_idx" ON "certification_applications"("applied_by", "created_at", "id");

-- CreateIndex
CREATE INDEX "certification_applications_secretariat_organization_id_crea_idx" ON "certification_applications"("secretariat_organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "certification_applications_status_created_at_id_idx" ON "certification_applications"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "review_tasks_assignee_user_id_status_due_at_idx" ON "review_tasks"("assignee_user_id", "status", "due_at");

-- CreateIndex
CREATE INDEX "review_tasks_candidate_user_ids_idx" ON "review_tasks" USING GIN ("candidate_user_ids");

-- CreateIndex
CREATE INDEX "review_tasks_status_due_at_idx" ON "review_tasks"("status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "review_tasks_application_id_stage_round_seat_key" ON "review_tasks"("application_id", "stage", "round", "seat");

-- CreateIndex
CREATE UNIQUE INDEX "certificates_number_key" ON "certificates"("number");

-- CreateIndex
CREATE UNIQUE INDEX "certificates_application_id_key" ON "certificates"("application_id");

-- CreateIndex
CREATE UNIQUE INDEX "certificates_status_list_index_key" ON "certificates"("status_list_index");

-- CreateIndex
CREATE INDEX "certificates_candidate_user_id_programme_id_domain_level_idx" ON "certificates"("candidate_user_id", "programme_id", "domain", "level");

-- AddForeignKey
ALTER TABLE "certification_applications" ADD CONSTRAINT "certification_applications_programme_id_fkey" FOREIGN KEY ("programme_id") REFERENCES "certification_programmes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "certification_applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "certification_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
