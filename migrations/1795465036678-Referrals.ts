import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals (bought places), their status history, division budgets per financial year, and
 * the count of places each listing has held.
 *
 * Indexes: (created_by, idempotency_key) is unique, so a retried purchase finds the first one
 * and a racing duplicate fails; (division_code, status) serves a purchaser's list and the
 * budget reports; intervention_id, provider_id (supplier's list) and crn (a person's referrals)
 * are the other lookups; (referral_id, sequence) reads a referral's history in order.
 * CHECKs keep every budget from being overdrawn and every total equal to price x units.
 */
export class Referrals1795465036678 implements MigrationInterface {
  name = 'Referrals1795465036678';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "referral" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "intervention_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "division_code" text NOT NULL, "crn" text NOT NULL, "person_sex" text NOT NULL, "person_age" integer NOT NULL, "person_risk_level" text NOT NULL, "person_supervision_type" text NOT NULL, "target_factors" text array NOT NULL, "units" integer NOT NULL, "price_amount_pence" bigint NOT NULL, "price_unit" text NOT NULL, "total_pence" bigint NOT NULL, "financial_year" integer NOT NULL, "status" text NOT NULL, "notes" text, "created_by" text NOT NULL, "idempotency_key" text NOT NULL, "request_hash" text NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "started_on" date, "completed_at" TIMESTAMP WITH TIME ZONE, "sessions_offered" integer, "sessions_attended" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "referral_status_check" CHECK ("status" IN ('SUBMITTED', 'ACCEPTED', 'DECLINED', 'STARTED', 'COMPLETED', 'ENDED_EARLY', 'CANCELLED')), CONSTRAINT "referral_attendance_check" CHECK ("sessions_attended" <= "sessions_offered"), CONSTRAINT "referral_total_check" CHECK ("total_pence" = "price_amount_pence" * "units"), CONSTRAINT "referral_units_check" CHECK ("units" >= 1), CONSTRAINT "referral_crn_check" CHECK ("crn" ~ '^[A-Z][0-9]{6}$'), CONSTRAINT "PK_a2d3e935a6591168066defec5ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "referral_intervention_id_idx" ON "referral"  ("intervention_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "referral_provider_id_idx" ON "referral"  ("provider_id") `,
    );
    await queryRunner.query(`CREATE INDEX "referral_crn_idx" ON "referral"  ("crn") `);
    await queryRunner.query(
      `CREATE INDEX "referral_division_status_idx" ON "referral"  ("division_code", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "referral_idempotency_key" ON "referral"  ("created_by", "idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "referral_status_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sequence" BIGSERIAL NOT NULL, "referral_id" uuid NOT NULL, "status" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by" text NOT NULL, "reason" text, CONSTRAINT "PK_c6bb6ab5d09d166f97cee3c4a3b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "referral_status_change_referral_idx" ON "referral_status_change"  ("referral_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE TABLE "division_budget" ("division_code" text NOT NULL, "financial_year" integer NOT NULL, "allocated_pence" bigint NOT NULL, "committed_pence" bigint NOT NULL DEFAULT '0', "spent_pence" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "division_budget_not_overdrawn_check" CHECK ("committed_pence" + "spent_pence" <= "allocated_pence"), CONSTRAINT "division_budget_amounts_check" CHECK ("committed_pence" >= 0 AND "spent_pence" >= 0), CONSTRAINT "PK_fb7f86c72a96cf2d5d1a47c8c2c" PRIMARY KEY ("division_code", "financial_year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention" ADD "places_held" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention" ADD CONSTRAINT "intervention_places_held_check" CHECK ("places_held" >= 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_intervention_fkey" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_provider_fkey" FOREIGN KEY ("provider_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_division_fkey" FOREIGN KEY ("division_code") REFERENCES "division"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_status_change" ADD CONSTRAINT "referral_status_change_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "division_budget" ADD CONSTRAINT "division_budget_division_fkey" FOREIGN KEY ("division_code") REFERENCES "division"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "division_budget" DROP CONSTRAINT "division_budget_division_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_status_change" DROP CONSTRAINT "referral_status_change_referral_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_division_fkey"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_provider_fkey"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_intervention_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "intervention" DROP CONSTRAINT "intervention_places_held_check"`,
    );
    await queryRunner.query(`ALTER TABLE "intervention" DROP COLUMN "places_held"`);
    await queryRunner.query(`DROP TABLE "division_budget"`);
    await queryRunner.query(`DROP INDEX "public"."referral_status_change_referral_idx"`);
    await queryRunner.query(`DROP TABLE "referral_status_change"`);
    await queryRunner.query(`DROP INDEX "public"."referral_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."referral_division_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."referral_crn_idx"`);
    await queryRunner.query(`DROP INDEX "public"."referral_provider_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."referral_intervention_id_idx"`);
    await queryRunner.query(`DROP TABLE "referral"`);
  }
}
