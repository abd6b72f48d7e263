-- AlterTable
ALTER TABLE "agreements" ADD COLUMN     "seal_signature" TEXT,
ADD COLUMN     "seal_signing_key" TEXT;

-- AlterTable
ALTER TABLE "audit_entries" ADD COLUMN     "signature" TEXT,
ADD COLUMN     "signing_key" TEXT;
