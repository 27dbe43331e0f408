import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data handled as the law expects (issue 20, section 2).
 *
 * - A referral can be anonymised (by the retention job, or a lawful erasure): its CRN becomes a
 *   token that identifies no one (`ANON-` and the start of the referral's id, so the CRN check
 *   admits both shapes), the person's details become null (so the columns may be), and
 *   `anonymised_at` says when. Money, status and outcomes are never touched.
 * - `personal_data_access`: who read which referral's personal data, when, which fields and
 *   through what; kept apart from the change audit and never holding the data itself. Indexed
 *   by referral (a subject access request starts from the person's referrals) and by reader,
 *   each newest first, as the two ways an admin asks.
 */
export class PersonalData1796043500000 implements MigrationInterface {
  name = 'PersonalData1796043500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_crn_check"`);
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_crn_check" CHECK ("crn" ~ '^[A-Z][0-9]{6}$' OR "crn" ~ '^ANON-[0-9a-f]{8}$')`,
    );
    for (const column of [
      'person_sex',
      'person_age',
      'person_risk_level',
      'person_supervision_type',
    ])
      await queryRunner.query(`ALTER TABLE "referral" ALTER COLUMN "${column}" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "referral" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE TABLE "personal_data_access" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sequence" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" text NOT NULL, "actor_roles" text array NOT NULL, "referral_id" uuid NOT NULL, "fields" text array NOT NULL, "via" text NOT NULL, CONSTRAINT "personal_data_access_via_check" CHECK ("via" IN ('API', 'SUBJECT_ACCESS_EXPORT')), CONSTRAINT "personal_data_access_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "personal_data_access_referral_idx" ON "personal_data_access" ("referral_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE INDEX "personal_data_access_actor_idx" ON "personal_data_access" ("actor_id", "sequence") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "personal_data_access"`);
    // Anonymised referrals have no details to restore: under the older NOT NULL columns they say
    // so (a placeholder, never made-up details), and keep their anonymous CRN (the older CRN
    // check applies to new rows only).
    await queryRunner.query(
      `UPDATE "referral" SET "person_sex" = coalesce("person_sex", 'ANONYMISED'),
         "person_age" = coalesce("person_age", 0),
         "person_risk_level" = coalesce("person_risk_level", 'ANONYMISED'),
         "person_supervision_type" = coalesce("person_supervision_type", 'ANONYMISED')
       WHERE "person_sex" IS NULL OR "person_age" IS NULL OR "person_risk_level" IS NULL
          OR "person_supervision_type" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "anonymised_at"`);
    for (const column of [
      'person_sex',
      'person_age',
      'person_risk_level',
      'person_supervision_type',
    ])
      await queryRunner.query(`ALTER TABLE "referral" ALTER COLUMN "${column}" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_crn_check"`);
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_crn_check" CHECK ("crn" ~ '^[A-Z][0-9]{6}$') NOT VALID`,
    );
  }
}
