-- Technology commissioners (科技特派员): service needs, commissioners, the CommissionerService projection
-- with its monthly service logs; the tripartite service agreement's kind; the process's audit subject.

-- AlterEnum
ALTER TYPE "AgreementKind" ADD VALUE 'tripartite_service';

-- AlterEnum
ALTER TYPE "AuditSubjectType" ADD VALUE 'commissioner_service';

-- CreateEnum
CREATE TYPE "ServiceNeedStatus" AS ENUM ('open', 'matched');

-- CreateEnum
CREATE TYPE "CommissionerServiceStatus" AS ENUM ('nominated', 'nomination_expired', 'agreement_pending', 'agreement_failed', 'active', 'awaiting_rating', 'completed', 'ended_early', 'workflow_terminated', 'workflow_failed', 'workflow_timed_out', 'workflow_cancelled');

-- CreateTable
CREATE TABLE "service_needs" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "alliance_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "problem_statement" TEXT NOT NULL,
    "expected_outcome" TEXT NOT NULL,
    "duration" TEXT NOT NULL,
    "status" "ServiceNeedStatus" NOT NULL DEFAULT 'open',
    "matched_service_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_needs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commissioners" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "institution_organization_id" TEXT NOT NULL,
    "domains" TEXT[],
    "capacity" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "registered_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commissioners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commissioner_services" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "status" "CommissionerServiceStatus" NOT NULL,
    "need_id" TEXT NOT NULL,
    "alliance_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "enterprise_organization_id" TEXT NOT NULL,
    "commissioner_id" TEXT NOT NULL,
    "commissioner_user_id" TEXT NOT NULL,
    "institution_organization_id" TEXT NOT NULL,
    "agreement_id" TEXT NOT NULL,
    "nominated_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closed_reason" TEXT,
    "periods" INTEGER NOT NULL DEFAULT 0,
    "logs_submitted" INTEGER NOT NULL DEFAULT 0,
    "logs_missed" INTEGER NOT NULL DEFAULT 0,
    "missed_in_a_row" INTEGER NOT NULL DEFAULT 0,
    "escalations" INTEGER NOT NULL DEFAULT 0,
    "milestones" INTEGER NOT NULL DEFAULT 0,
    "hours" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "confirmed_hours" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "next_log_due_at" TIMESTAMPTZ(3),
    "rating_score" INTEGER,
    "rating_comment" TEXT,
    "rated_at" TIMESTAMPTZ(3),
    "revision" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "commissioner_services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commissioner_service_logs" (
    "service_id" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "activities" TEXT NOT NULL,
    "outcomes" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "submitted_by" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_by" TEXT,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "commissioner_service_logs_pkey" PRIMARY KEY ("service_id","period")
);

-- CreateIndex
CREATE INDEX "service_needs_created_at_id_idx" ON "service_needs"("created_at", "id");

-- CreateIndex
CREATE INDEX "service_needs_organization_id_created_at_id_idx" ON "service_needs"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "service_needs_alliance_id_status_created_at_id_idx" ON "service_needs"("alliance_id", "status", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "commissioners_user_id_key" ON "commissioners"("user_id");

-- CreateIndex
CREATE INDEX "commissioners_created_at_id_idx" ON "commissioners"("created_at", "id");

-- CreateIndex
CREATE INDEX "commissioners_institution_organization_id_created_at_id_idx" ON "commissioners"("institution_organization_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "commissioner_services_workflow_id_key" ON "commissioner_services"("workflow_id");

-- CreateIndex
CREATE INDEX "commissioner_services_created_at_id_idx" ON "commissioner_services"("created_at", "id");

-- CreateIndex
CREATE INDEX "commissioner_services_enterprise_organization_id_created_at_idx" ON "commissioner_services"("enterprise_organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "commissioner_services_institution_organization_id_created_a_idx" ON "commissioner_services"("institution_organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "commissioner_services_commissioner_id_status_idx" ON "commissioner_services"("commissioner_id", "status");

-- CreateIndex
CREATE INDEX "commissioner_services_need_id_idx" ON "commissioner_services"("need_id");

-- CreateIndex
CREATE INDEX "commissioner_service_logs_period_start_idx" ON "commissioner_service_logs"("period_start");

-- AddForeignKey
ALTER TABLE "commissioner_service_logs" ADD CONSTRAINT "commissioner_service_logs_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "commissioner_services"("id") ON DELETE CASCADE ON UPDATE CASCADE;
