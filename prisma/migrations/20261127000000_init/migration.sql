-- CreateEnum
CREATE TYPE "AgreementKind" AS ENUM ('alliance_charter', 'cooperation_memorandum', 'co_education_project', 'tripartite_placement');

-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('draft', 'in_progress', 'effective', 'declined', 'voided', 'expired');

-- CreateTable
CREATE TABLE "agreements" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "alliance_id" TEXT,
    "title" TEXT NOT NULL,
    "kind" "AgreementKind" NOT NULL,
    "status" "AgreementStatus" NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "document_sha256" CHAR(64) NOT NULL,
    "deadline" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agreements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement_parties" (
    "agreement_id" TEXT NOT NULL,
    "party_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "routing_group" INTEGER NOT NULL,

    CONSTRAINT "agreement_parties_pkey" PRIMARY KEY ("agreement_id","party_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agreements_workflow_id_key" ON "agreements"("workflow_id");

-- CreateIndex
CREATE INDEX "agreements_status_created_at_idx" ON "agreements"("status", "created_at");

-- CreateIndex
CREATE INDEX "agreements_alliance_id_created_at_idx" ON "agreements"("alliance_id", "created_at");

-- AddForeignKey
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
