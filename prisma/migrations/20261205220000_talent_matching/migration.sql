-- Talent matching (issue 18, part 2): enterprises' talent demands, certificate holders' consent to
-- matching (append-only events), the TalentMatching rounds and their offers; the round's audit subject.

-- AlterEnum
ALTER TYPE "AuditSubjectType" ADD VALUE 'talent_round';

-- CreateTable
CREATE TABLE "talent_demands" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "alliance_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "level" "CertificationLevel" NOT NULL,
    "count" INTEGER NOT NULL,
    "location" TEXT NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "filled" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "talent_demands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "talent_consents" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "alliance_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "shares" TEXT[],
    "locations" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "talent_consents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "talent_rounds" (
    "id" TEXT NOT NULL,
    "alliance_id" TEXT NOT NULL,
    "base_organization_id" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "report" JSONB,
    "holders" INTEGER NOT NULL,
    "candidates" INTEGER NOT NULL,
    "excluded" INTEGER NOT NULL,
    "demands" INTEGER NOT NULL,
    "seats" INTEGER NOT NULL,
    "matched" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "talent_rounds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "talent_offers" (
    "id" TEXT NOT NULL,
    "round_id" TEXT NOT NULL,
    "demand_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "holder_user_id" TEXT NOT NULL,
    "certificate_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "level" "CertificationLevel" NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'offered',
    "deadline_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "talent_offers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "talent_demands_created_at_id_idx" ON "talent_demands"("created_at", "id");

-- CreateIndex
CREATE INDEX "talent_demands_organization_id_created_at_id_idx" ON "talent_demands"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "talent_demands_alliance_id_status_deadline_idx" ON "talent_demands"("alliance_id", "status", "deadline");

-- CreateIndex
CREATE INDEX "talent_consents_alliance_id_user_id_created_at_idx" ON "talent_consents"("alliance_id", "user_id", "created_at");

-- CreateIndex
CREATE INDEX "talent_consents_user_id_created_at_id_idx" ON "talent_consents"("user_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "talent_rounds_created_at_id_idx" ON "talent_rounds"("created_at", "id");

-- CreateIndex
CREATE INDEX "talent_rounds_alliance_id_status_idx" ON "talent_rounds"("alliance_id", "status");

-- CreateIndex
CREATE INDEX "talent_offers_round_id_id_idx" ON "talent_offers"("round_id", "id");

-- CreateIndex
CREATE INDEX "talent_offers_holder_user_id_created_at_id_idx" ON "talent_offers"("holder_user_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "talent_offers_organization_id_created_at_id_idx" ON "talent_offers"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "talent_offers_created_at_id_idx" ON "talent_offers"("created_at", "id");


-- Consent is proof of what a person agreed to share, and when: once written, no role may change or
-- remove an event (a withdrawal is a new event). The application role may only read and append
-- (platform/database-roles.ts APPEND_ONLY_TABLES).
CREATE FUNCTION "talent_consents_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'talent_consents is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Consent events can only be inserted; a withdrawal is a new event.';
END;
$$;

CREATE TRIGGER "talent_consents_no_update_or_delete" BEFORE UPDATE OR DELETE ON "talent_consents"
    FOR EACH ROW EXECUTE FUNCTION "talent_consents_refuse_change"();

CREATE TRIGGER "talent_consents_no_truncate" BEFORE TRUNCATE ON "talent_consents"
    FOR EACH STATEMENT EXECUTE FUNCTION "talent_consents_refuse_change"();
