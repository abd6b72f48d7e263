-- Membership of an alliance is an invitation the organisation accepts. The memberships recorded so far
-- were made by the alliances' founders; they stay members (accepted, as of this migration), and every
-- new one starts as an invitation.

-- CreateEnum
CREATE TYPE "AllianceMemberStatus" AS ENUM ('invited', 'accepted', 'declined');

-- AlterTable
ALTER TABLE "alliance_members" ADD COLUMN     "invited_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "invited_by" TEXT,
ADD COLUMN     "responded_at" TIMESTAMPTZ(3),
ADD COLUMN     "responded_by" TEXT,
ADD COLUMN     "status" "AllianceMemberStatus" NOT NULL DEFAULT 'invited';

-- Data: the existing members accepted.
UPDATE "alliance_members" SET "status" = 'accepted', "responded_at" = CURRENT_TIMESTAMP;

-- DropIndex
DROP INDEX "alliance_members_organization_id_idx";

-- CreateIndex
CREATE INDEX "alliance_members_organization_id_status_idx" ON "alliance_members"("organization_id", "status");
