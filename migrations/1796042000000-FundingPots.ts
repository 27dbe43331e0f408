import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint commissioning (issue 19, section 4): co-funder organisation kinds (PCC, LOCAL_AUTHORITY,
 * HEALTH), the 42 Police and Crime Commissioners as organisations of kind PCC (reference data,
 * one per PCC area, named after it), funding pots with their co-funders, and the pot that paid
 * for each referral (null: the division's own budget).
 *
 * Indexes: pots are read by division and year (the purchase's candidates); funders by
 * organisation (a co-funder's own pots); referrals by pot (settlement checks, spend by funder).
 */
export class FundingPots1796042000000 implements MigrationInterface {
  name = 'FundingPots1796042000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "organisation_kind_check"`);
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "organisation_kind_check" CHECK ("kind" IN ('CRC', 'VOLUNTARY_SECTOR', 'PRIVATE', 'PUBLIC_SECTOR', 'PCC', 'LOCAL_AUTHORITY', 'HEALTH'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "funding_pot" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "division_code" text NOT NULL, "financial_year" integer NOT NULL, "needs" text array NOT NULL DEFAULT '{}', "pcc_area_codes" text array NOT NULL DEFAULT '{}', "total_pence" bigint NOT NULL, "committed_pence" bigint NOT NULL DEFAULT '0', "spent_pence" bigint NOT NULL DEFAULT '0', "outcome_payments_spent_pence" bigint NOT NULL DEFAULT '0', "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "funding_pot_not_overdrawn_check" CHECK ("committed_pence" + "spent_pence" <= "total_pence"), CONSTRAINT "funding_pot_outcome_payments_check" CHECK ("outcome_payments_spent_pence" BETWEEN 0 AND "spent_pence"), CONSTRAINT "funding_pot_amounts_check" CHECK ("committed_pence" >= 0 AND "spent_pence" >= 0), CONSTRAINT "PK_36f882bec2df897e3f5081728b3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "funding_pot_division_year_idx" ON "funding_pot"  ("division_code", "financial_year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "funding_pot_funder" ("pot_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "amount_pence" bigint NOT NULL, CONSTRAINT "funding_pot_funder_amount_check" CHECK ("amount_pence" >= 0), CONSTRAINT "PK_4802a9e1781099b6086ecf105a3" PRIMARY KEY ("pot_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "funding_pot_funder_organisation_id_idx" ON "funding_pot_funder"  ("organisation_id") `,
    );
    await queryRunner.query(`ALTER TABLE "organisation" ADD "pcc_area_code" text`);
    await queryRunner.query(`ALTER TABLE "referral" ADD "funding_pot_id" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organisation_pcc_area_code_key" ON "organisation"  ("pcc_area_code") `,
    );
    await queryRunner.query(
      `CREATE INDEX "referral_funding_pot_id_idx" ON "referral"  ("funding_pot_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "organisation_pcc_area_check" CHECK ("pcc_area_code" IS NULL OR "kind" = 'PCC')`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "organisation_pcc_area_fkey" FOREIGN KEY ("pcc_area_code") REFERENCES "pcc_area"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_pot" ADD CONSTRAINT "funding_pot_division_fkey" FOREIGN KEY ("division_code") REFERENCES "division"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_pot_funder" ADD CONSTRAINT "funding_pot_funder_pot_fkey" FOREIGN KEY ("pot_id") REFERENCES "funding_pot"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_pot_funder" ADD CONSTRAINT "funding_pot_funder_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_funding_pot_fkey" FOREIGN KEY ("funding_pot_id") REFERENCES "funding_pot"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // The 42 Police and Crime Commissioners: reference data, named after their area. An
    // organisation already holding such a name keeps it (and that PCC is not added).
    await queryRunner.query(
      `INSERT INTO "organisation" ("name", "kind", "pcc_area_code", "description")
       SELECT 'Police and Crime Commissioner for ' || "name", 'PCC', "code",
              'Co-funds services for people on probation in ' || "name" || '.'
       FROM "pcc_area" ORDER BY "code"
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_funding_pot_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "funding_pot_funder" DROP CONSTRAINT "funding_pot_funder_organisation_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "funding_pot_funder" DROP CONSTRAINT "funding_pot_funder_pot_fkey"`,
    );
    // The 42 PCCs this migration added (no longer referenced by any funder).
    await queryRunner.query(`DELETE FROM "organisation" WHERE "pcc_area_code" IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "funding_pot" DROP CONSTRAINT "funding_pot_division_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation" DROP CONSTRAINT "organisation_pcc_area_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation" DROP CONSTRAINT "organisation_pcc_area_check"`,
    );
    await queryRunner.query(`DROP INDEX "public"."referral_funding_pot_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_pcc_area_code_key"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "funding_pot_id"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "pcc_area_code"`);
    await queryRunner.query(`DROP INDEX "public"."funding_pot_funder_organisation_id_idx"`);
    await queryRunner.query(`DROP TABLE "funding_pot_funder"`);
    await queryRunner.query(`DROP INDEX "public"."funding_pot_division_year_idx"`);
    await queryRunner.query(`DROP TABLE "funding_pot"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "organisation_kind_check"`);
    await queryRunner.query(
      // NOT VALID: co-funders added since (local authorities, health bodies) stay as they are.
      `ALTER TABLE "organisation" ADD CONSTRAINT "organisation_kind_check" CHECK ("kind" IN ('CRC', 'VOLUNTARY_SECTOR', 'PRIVATE', 'PUBLIC_SECTOR')) NOT VALID`,
    );
  }
}
