-- Training cohorts (issue 17): the TrainingCohort workflow's projection of a cohort and of its
-- enrolments with their training records. The hours themselves are in the audit trail (subject
-- hours_ledger): hash-chained, signed, append-only.
CREATE TABLE "training_cohorts" (
    "id" TEXT NOT NULL,
    "base_organization_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "planned_theory_hours" INTEGER NOT NULL,
    "planned_practice_hours" INTEGER NOT NULL,
    "sessions" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "refusal" TEXT,
    "enrolled" INTEGER NOT NULL DEFAULT 0,
    "waitlisted" INTEGER NOT NULL DEFAULT 0,
    "withdrawn" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "incomplete" INTEGER NOT NULL DEFAULT 0,
    "not_admitted" INTEGER NOT NULL DEFAULT 0,
    "published_by" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "workflow_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_cohorts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "training_enrolments" (
    "cohort_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "arrival" INTEGER NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3) NOT NULL,
    "hours_attended" INTEGER NOT NULL DEFAULT 0,
    "score" DOUBLE PRECISION,
    "reasons" TEXT[],
    "decided_at" TIMESTAMPTZ(3),
    "credential" JSONB,

    CONSTRAINT "training_enrolments_pkey" PRIMARY KEY ("cohort_id","user_id")
);

CREATE INDEX "training_cohorts_created_at_id_idx" ON "training_cohorts"("created_at", "id");

CREATE INDEX "training_cohorts_base_organization_id_created_at_id_idx" ON "training_cohorts"("base_organization_id", "created_at", "id");

CREATE INDEX "training_enrolments_user_id_idx" ON "training_enrolments"("user_id");

ALTER TABLE "training_enrolments" ADD CONSTRAINT "training_enrolments_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "training_cohorts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
