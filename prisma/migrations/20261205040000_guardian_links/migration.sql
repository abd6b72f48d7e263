-- Guardians are people confirmed for a student: the `guardian` role (a person of no organisation) and
-- the link a school makes between one of its students and a guardian, which the guardian confirms.
-- Guardians named on earlier applications get no link here: the school links them and they confirm,
-- since nothing recorded so far says that they are who they were named to be.
ALTER TYPE "Role" ADD VALUE 'guardian';

-- CreateEnum
CREATE TYPE "GuardianLinkStatus" AS ENUM ('pending', 'confirmed');

-- CreateTable
CREATE TABLE "guardian_links" (
    "id" TEXT NOT NULL,
    "student_user_id" TEXT NOT NULL,
    "guardian_user_id" TEXT NOT NULL,
    "school_organization_id" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "status" "GuardianLinkStatus" NOT NULL DEFAULT 'pending',
    "linked_by" TEXT NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guardian_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "guardian_links_student_user_id_guardian_user_id_key" ON "guardian_links"("student_user_id", "guardian_user_id");

-- CreateIndex
CREATE INDEX "guardian_links_guardian_user_id_created_at_id_idx" ON "guardian_links"("guardian_user_id", "created_at", "id");
