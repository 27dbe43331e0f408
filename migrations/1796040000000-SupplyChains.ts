import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supply chains (issue 19, section 1): subcontracts between a prime and a subcontractor, the
 * subcontractor delivering a listing for its provider, and the deliverer kept on each referral.
 */
export class SupplyChains1796040000000 implements MigrationInterface {
  name = 'SupplyChains1796040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "subcontract" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "prime_id" uuid NOT NULL, "subcontractor_id" uuid NOT NULL, "reference" text NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "ended_on" date, "factors" text array NOT NULL, "pcc_area_codes" text array NOT NULL, "annual_value_pence" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "subcontract_value_check" CHECK ("annual_value_pence" >= 0), CONSTRAINT "subcontract_coverage_check" CHECK (cardinality("factors") >= 1 AND cardinality("pcc_area_codes") >= 1), CONSTRAINT "subcontract_ended_check" CHECK ("ended_on" IS NULL OR "ended_on" <= "ends_on"), CONSTRAINT "subcontract_dates_check" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "subcontract_parties_check" CHECK ("prime_id" <> "subcontractor_id"), CONSTRAINT "PK_690c6a4cf501b8ed27cfc426509" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "subcontract_prime_id_idx" ON "subcontract"  ("prime_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "subcontract_subcontractor_id_idx" ON "subcontract"  ("subcontractor_id") `,
    );
    await queryRunner.query(`ALTER TABLE "intervention" ADD "delivered_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "intervention" ADD "subcontract_id" uuid`);
    await queryRunner.query(`ALTER TABLE "referral" ADD "delivered_by_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "intervention_delivered_by_id_idx" ON "intervention"  ("delivered_by_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "referral_delivered_by_id_idx" ON "referral"  ("delivered_by_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention" ADD CONSTRAINT "intervention_delivered_by_check" CHECK (("delivered_by_id" IS NULL) = ("subcontract_id" IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "subcontract" ADD CONSTRAINT "subcontract_prime_fkey" FOREIGN KEY ("prime_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subcontract" ADD CONSTRAINT "subcontract_subcontractor_fkey" FOREIGN KEY ("subcontractor_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention" ADD CONSTRAINT "intervention_delivered_by_fkey" FOREIGN KEY ("delivered_by_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention" ADD CONSTRAINT "intervention_subcontract_fkey" FOREIGN KEY ("subcontract_id") REFERENCES "subcontract"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_delivered_by_fkey" FOREIGN KEY ("delivered_by_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_delivered_by_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "intervention" DROP CONSTRAINT "intervention_subcontract_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention" DROP CONSTRAINT "intervention_delivered_by_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "subcontract" DROP CONSTRAINT "subcontract_subcontractor_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "subcontract" DROP CONSTRAINT "subcontract_prime_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "intervention" DROP CONSTRAINT "intervention_delivered_by_check"`,
    );
    await queryRunner.query(`DROP INDEX "public"."referral_delivered_by_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."intervention_delivered_by_id_idx"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "delivered_by_id"`);
    await queryRunner.query(`ALTER TABLE "intervention" DROP COLUMN "subcontract_id"`);
    await queryRunner.query(`ALTER TABLE "intervention" DROP COLUMN "delivered_by_id"`);
    await queryRunner.query(`DROP INDEX "public"."subcontract_subcontractor_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."subcontract_prime_id_idx"`);
    await queryRunner.query(`DROP TABLE "subcontract"`);
  }
}
