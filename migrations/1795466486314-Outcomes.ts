import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcomes (the buyer's three judgements on a finished referral), their per-factor judgements,
 * and the running contribution aggregates behind scores.
 *
 * Indexes: outcome.referral_id is unique (one outcome per referral) and is how outcomes are
 * found; judgements are keyed (outcome_id, factor); aggregates are keyed (scope, scope_id,
 * factor), which serves every score lookup and the ON CONFLICT upsert that updates them.
 */
export class Outcomes1795466486314 implements MigrationInterface {
  name = 'Outcomes1795466486314';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outcome" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "intervention_id" uuid NOT NULL, "risk_of_harm_focus_sufficient" boolean NOT NULL, "information_for_review_sufficient" boolean NOT NULL, "notes" text, "recorded_by" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "amended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "REL_49ae22550a643355f0821ec534" UNIQUE ("referral_id"), CONSTRAINT "PK_d721e56b4240f79aaa14cb54775" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "outcome_referral_key" ON "outcome"  ("referral_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outcome_factor_judgement" ("outcome_id" uuid NOT NULL, "factor" text NOT NULL, "sufficient" boolean NOT NULL, CONSTRAINT "PK_104c60046c80d2b96cf5ba668c6" PRIMARY KEY ("outcome_id", "factor"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "contribution_aggregate" ("scope" text NOT NULL, "scope_id" uuid NOT NULL, "factor" text NOT NULL, "judged" integer NOT NULL DEFAULT '0', "sufficient" integer NOT NULL DEFAULT '0', "outcomes" integer NOT NULL DEFAULT '0', "risk_of_harm_focus_sufficient" integer NOT NULL DEFAULT '0', "information_for_review_sufficient" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contribution_aggregate_counts_check" CHECK ("sufficient" BETWEEN 0 AND "judged" AND "risk_of_harm_focus_sufficient" BETWEEN 0 AND "outcomes" AND "information_for_review_sufficient" BETWEEN 0 AND "outcomes"), CONSTRAINT "contribution_aggregate_scope_check" CHECK ("scope" IN ('PROVIDER', 'INTERVENTION')), CONSTRAINT "PK_8312dad2722cfc66b8f898241ea" PRIMARY KEY ("scope", "scope_id", "factor"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome" ADD CONSTRAINT "outcome_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_factor_judgement" ADD CONSTRAINT "outcome_factor_judgement_outcome_fkey" FOREIGN KEY ("outcome_id") REFERENCES "outcome"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "outcome_factor_judgement" DROP CONSTRAINT "outcome_factor_judgement_outcome_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "outcome" DROP CONSTRAINT "outcome_referral_fkey"`);
    await queryRunner.query(`DROP TABLE "contribution_aggregate"`);
    await queryRunner.query(`DROP TABLE "outcome_factor_judgement"`);
    await queryRunner.query(`DROP INDEX "public"."outcome_referral_key"`);
    await queryRunner.query(`DROP TABLE "outcome"`);
  }
}
