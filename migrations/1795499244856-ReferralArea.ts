import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PCC area a referral is counted in by the commissioners' reports (where the person is
 * supervised). Existing referrals get the same default a purchase now applies
 * (src/referrals/referral-area.ts): the listing's first venue in the buying division, else its
 * first covered area there, else its first venue, else its first covered area, else the
 * division's first area by code.
 *
 * Index: (pcc_area_code, created_at) serves the reports, which count an area's referrals over
 * a period; it also indexes the foreign key.
 */
export class ReferralArea1795499244856 implements MigrationInterface {
  name = 'ReferralArea1795499244856';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral" ADD "pcc_area_code" text`);
    await queryRunner.query(`
      WITH area AS (
        SELECT p.code, c.division_code
        FROM pcc_area p JOIN contract_package_area c ON c.code = p.contract_package_area_code
      )
      UPDATE referral r SET pcc_area_code = COALESCE(
        (SELECT v.pcc_area_code FROM venue v JOIN area a ON a.code = v.pcc_area_code
          WHERE v.intervention_id = r.intervention_id AND a.division_code = r.division_code
          ORDER BY v.position LIMIT 1),
        (SELECT u.code FROM intervention i, unnest(i.coverage) WITH ORDINALITY AS u(code, n)
           JOIN area a ON a.code = u.code
          WHERE i.id = r.intervention_id AND a.division_code = r.division_code
          ORDER BY u.n LIMIT 1),
        (SELECT v.pcc_area_code FROM venue v WHERE v.intervention_id = r.intervention_id
          ORDER BY v.position LIMIT 1),
        (SELECT i.coverage[1] FROM intervention i WHERE i.id = r.intervention_id),
        (SELECT a.code FROM area a WHERE a.division_code = r.division_code ORDER BY a.code LIMIT 1))`);
    await queryRunner.query(`ALTER TABLE "referral" ALTER COLUMN "pcc_area_code" SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "referral_pcc_area_created_idx" ON "referral" ("pcc_area_code", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_pcc_area_fkey" FOREIGN KEY ("pcc_area_code") REFERENCES "pcc_area"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_pcc_area_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."referral_pcc_area_created_idx"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "pcc_area_code"`);
  }
}
