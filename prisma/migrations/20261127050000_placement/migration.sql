-- CreateEnum
CREATE TYPE "PlacementStatus" AS ENUM ('offered', 'declined', 'offer_expired', 'agreement_pending', 'agreement_failed', 'awaiting_start', 'active', 'final_evaluation', 'completed', 'terminated', 'transferred');

-- CreateEnum
CREATE TYPE "PlacementPositionStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "PlacementApplicationStatus" AS ENUM ('open', 'offered', 'accepted', 'declined', 'withdrawn');

-- CreateTable
CREATE TABLE "placement_positions" (
    "id" TEXT NOT NULL,
    "enterprise_organization_id" TEXT NOT NULL,
    "alliance_id" TEXT,
    "mentor_user_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "major_groups" TEXT[],
    "skills" TEXT[],
    "location" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "daily_hours" DOUBLE PRECISION NOT NULL,
    "weekly_hours" DOUBLE PRECISION NOT NULL,
    "night_work" BOOLEAN NOT NULL,
    "stipend_monthly" INTEGER NOT NULL,
    "regular_monthly_wage" INTEGER NOT NULL,
    "position_staff" INTEGER NOT NULL,
    "enterprise_staff" INTEGER NOT NULL,
    "status" "PlacementPositionStatus" NOT NULL DEFAULT 'open',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "placement_positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "placement_applications" (
    "id" TEXT NOT NULL,
    "student_user_id" TEXT NOT NULL,
    "school_organization_id" TEXT NOT NULL,
    "cohort" TEXT NOT NULL,
    "year_of_study" INTEGER NOT NULL,
    "major_code" TEXT NOT NULL,
    "birth_date" DATE NOT NULL,
    "guardian_user_id" TEXT,
    "school_mentor_user_id" TEXT NOT NULL,
    "status" "PlacementApplicationStatus" NOT NULL DEFAULT 'open',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "placement_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "placement_preferences" (
    "application_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "position_id" TEXT NOT NULL,

    CONSTRAINT "placement_preferences_pkey" PRIMARY KEY ("application_id","rank")
);

-- CreateTable
CREATE TABLE "matching_rounds" (
    "id" TEXT NOT NULL,
    "school_organization_id" TEXT NOT NULL,
    "cohort" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "applicants" INTEGER NOT NULL,
    "positions" INTEGER NOT NULL,
    "matched" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "matching_rounds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "placements" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "status" "PlacementStatus" NOT NULL,
    "cohort" TEXT NOT NULL,
    "student_user_id" TEXT NOT NULL,
    "school_organization_id" TEXT NOT NULL,
    "enterprise_organization_id" TEXT NOT NULL,
    "position_id" TEXT NOT NULL,
    "application_id" TEXT,
    "matching_round_id" TEXT,
    "previous_placement_id" TEXT,
    "next_placement_id" TEXT,
    "school_mentor_user_id" TEXT NOT NULL,
    "enterprise_mentor_user_id" TEXT NOT NULL,
    "guardian_user_id" TEXT,
    "agreement_id" TEXT NOT NULL,
    "offer_deadline" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closed_reason" TEXT,
    "weeks" INTEGER NOT NULL DEFAULT 0,
    "check_ins_submitted" INTEGER NOT NULL DEFAULT 0,
    "check_ins_missed" INTEGER NOT NULL DEFAULT 0,
    "missed_in_a_row" INTEGER NOT NULL DEFAULT 0,
    "next_check_in_due_at" TIMESTAMPTZ(3),
    "open_incidents" INTEGER NOT NULL DEFAULT 0,
    "rule_violations" INTEGER NOT NULL DEFAULT 0,
    "credits" DOUBLE PRECISION,
    "passed" BOOLEAN,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "placements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "placement_check_ins" (
    "placement_id" TEXT NOT NULL,
    "week" INTEGER NOT NULL,
    "submitted_by" TEXT NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "days" JSONB NOT NULL,
    "tasks" TEXT NOT NULL,
    "reflections" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "violations" TEXT[],
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "placement_check_ins_pkey" PRIMARY KEY ("placement_id","week")
);

-- CreateTable
CREATE TABLE "placement_incidents" (
    "placement_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "reported_by" TEXT NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "resolution" TEXT,

    CONSTRAINT "placement_incidents_pkey" PRIMARY KEY ("placement_id","number")
);

-- CreateTable
CREATE TABLE "placement_violations" (
    "placement_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "message_zh" TEXT NOT NULL,
    "message_en" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "placement_violations_pkey" PRIMARY KEY ("placement_id","key")
);

-- CreateTable
CREATE TABLE "placement_evaluations" (
    "placement_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "evaluator" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comments" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "placement_evaluations_pkey" PRIMARY KEY ("placement_id","kind","evaluator")
);

-- CreateIndex
CREATE INDEX "placement_positions_created_at_id_idx" ON "placement_positions"("created_at", "id");

-- CreateIndex
CREATE INDEX "placement_positions_enterprise_organization_id_created_at_i_idx" ON "placement_positions"("enterprise_organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "placement_applications_school_organization_id_cohort_status_idx" ON "placement_applications"("school_organization_id", "cohort", "status");

-- CreateIndex
CREATE INDEX "placement_applications_student_user_id_idx" ON "placement_applications"("student_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "placement_preferences_application_id_position_id_key" ON "placement_preferences"("application_id", "position_id");

-- CreateIndex
CREATE INDEX "placement_preferences_position_id_idx" ON "placement_preferences"("position_id");

-- CreateIndex
CREATE INDEX "matching_rounds_school_organization_id_created_at_id_idx" ON "matching_rounds"("school_organization_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "placements_workflow_id_key" ON "placements"("workflow_id");

-- CreateIndex
CREATE INDEX "placements_created_at_id_idx" ON "placements"("created_at", "id");

-- CreateIndex
CREATE INDEX "placements_school_organization_id_created_at_id_idx" ON "placements"("school_organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "placements_enterprise_organization_id_created_at_id_idx" ON "placements"("enterprise_organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "placements_status_created_at_id_idx" ON "placements"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "placements_cohort_created_at_id_idx" ON "placements"("cohort", "created_at", "id");

-- CreateIndex
CREATE INDEX "placements_student_user_id_idx" ON "placements"("student_user_id");

-- CreateIndex
CREATE INDEX "placements_position_id_status_idx" ON "placements"("position_id", "status");

-- CreateIndex
CREATE INDEX "placement_incidents_resolved_at_idx" ON "placement_incidents"("resolved_at");

-- CreateIndex
CREATE INDEX "placement_violations_rule_id_idx" ON "placement_violations"("rule_id");

-- AddForeignKey
ALTER TABLE "placement_preferences" ADD CONSTRAINT "placement_preferences_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "placement_applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_check_ins" ADD CONSTRAINT "placement_check_ins_placement_id_fkey" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_incidents" ADD CONSTRAINT "placement_incidents_placement_id_fkey" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_violations" ADD CONSTRAINT "placement_violations_placement_id_fkey" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_evaluations" ADD CONSTRAINT "placement_evaluations_placement_id_fkey" FOREIGN KEY ("placement_id") REFERENCES "placements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
