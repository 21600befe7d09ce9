-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "secretsCiphertext" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "secretsCiphertext" TEXT;
