-- AlterTable
ALTER TABLE "audit_records" ALTER COLUMN "record" SET DATA TYPE TEXT;
