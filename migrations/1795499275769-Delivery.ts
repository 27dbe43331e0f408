import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivering a referral: desired outcomes per factor (seeded here, retired never deleted), the
 * referral's chosen outcomes and complexity, its timeline, action plans (versioned), sessions
 * with their reschedules and feedback, case notes, end-of-service reports, outcome payments on
 * price versions and referrals, the outcome-payment part of spent budgets, and the achievement
 * rate beside contribution aggregates.
 *
 * Desired outcome ids are md5('desired-outcome:<FACTOR>:<position>') shaped as a version-4 uuid
 * (version and variant digits set), the same in every environment. The existing status history is copied into the timeline (one event per change),
 * so old referrals show a timeline too; new steps write both.
 *
 * Indexes: desired_outcome (factor_code, position) is unique and serves a factor's list (and its
 * foreign key); referral_desired_outcome is keyed (referral_id, desired_outcome_id), plus
 * desired_outcome_id for its foreign key; the timeline is read per referral in order
 * (referral_id, sequence); sessions per referral by time (referral_id, starts_at); reschedules
 * per session (session_id, at); case notes per referral (referral_id, at); action plans by
 * (referral_id, version), unique; one end-of-service report per referral (unique referral_id);
 * report rows are keyed (report_id, desired_outcome_id), plus desired_outcome_id for its key.
 */
const DESIRED_OUTCOMES: Record<string, string[]> = {
  ACCOMMODATION: [
    'Secures suitable accommodation',
    'Keeps an existing tenancy',
    'Avoids homelessness on release from custody',
    'Moves on from temporary or supported housing to settled housing',
    'Pays rent and keeps to the tenancy agreement',
  ],
  ETE: [
    'Finds paid work',
    'Starts education or training',
    'Gains a qualification or certificate',
    'Keeps a job or course for three months',
    'Has a CV and applies for work',
  ],
  FINANCE: [
    'Claims the benefits they are entitled to',
    'Opens and uses a bank account',
    'Has a plan to manage debts',
    'Keeps to a weekly budget',
  ],
  RELATIONSHIPS: [
    'Understands what makes a relationship safe and respectful',
    'Uses ways to manage conflict without violence or abuse',
    'Rebuilds contact with family where it is safe',
    'Keeps to any contact restrictions',
  ],
  LIFESTYLE: [
    'Spends time on positive activities',
    'Reduces contact with people linked to offending',
    'Builds a support network outside offending',
  ],
  DRUGS: [
    'Engages with drug treatment',
    'Reduces drug use',
    'Stops using drugs',
    'Keeps to a prescribing or recovery plan',
    'Has a plan to avoid relapse',
  ],
  ALCOHOL: [
    'Engages with alcohol treatment',
    'Reduces drinking to safer levels',
    'Stops drinking',
    'Has a plan to avoid relapse',
  ],
  EMOTIONAL_WELLBEING: [
    'Registers with a GP',
    'Engages with mental health services',
    'Uses ways to cope with stress and low mood',
    'Feels more in control of their life',
  ],
  THINKING_BEHAVIOUR: [
    'Completes the programme',
    'Uses problem-solving skills in daily life',
    'Thinks about consequences before acting',
    'Manages impulses and emotions better',
  ],
  ATTITUDES: [
    'Recognises the harm their offending caused',
    'Is motivated to stop offending',
    'Takes responsibility for their behaviour',
  ],
  GANG_MEMBERSHIP: [
    'Reduces contact with the gang',
    'Has a safe plan to leave gang involvement',
    'Takes part in activities away from the gang',
  ],
  DISCRIMINATORY_ATTITUDES: [
    'Recognises discriminatory attitudes in themselves',
    'Challenges prejudiced views',
    'Treats people from other groups with respect',
  ],
};

export const TIMELINE_BACKFILL = `
  INSERT INTO referral_timeline_event (referral_id, at, by, type, summary, details)
  SELECT referral_id, at, by,
         CASE status WHEN 'SUBMITTED' THEN 'REFERRAL_SENT' WHEN 'ACCEPTED' THEN 'REFERRAL_ACCEPTED'
           WHEN 'DECLINED' THEN 'REFERRAL_DECLINED' WHEN 'STARTED' THEN 'REFERRAL_STARTED'
           WHEN 'COMPLETED' THEN 'REFERRAL_COMPLETED' WHEN 'ENDED_EARLY' THEN 'REFERRAL_ENDED_EARLY'
           ELSE 'REFERRAL_WITHDRAWN' END,
         CASE status WHEN 'SUBMITTED' THEN 'Referral sent' WHEN 'ACCEPTED' THEN 'Referral accepted'
           WHEN 'DECLINED' THEN 'Referral declined' WHEN 'STARTED' THEN 'Person started'
           WHEN 'COMPLETED' THEN 'Referral completed' WHEN 'ENDED_EARLY' THEN 'Referral ended early'
           ELSE 'Referral withdrawn' END || COALESCE(': ' || reason, ''),
         jsonb_build_object('status', status)
  FROM referral_status_change ORDER BY sequence`;

export class Delivery1795499275769 implements MigrationInterface {
  name = 'Delivery1795499275769';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "desired_outcome" ("id" uuid NOT NULL, "factor_code" text NOT NULL, "description" text NOT NULL, "position" integer NOT NULL, "retired_on" date, CONSTRAINT "desired_outcome_factor_position_key" UNIQUE ("factor_code", "position"), CONSTRAINT "PK_d80360ea03c1be7ef059670576a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "referral_desired_outcome" ("referral_id" uuid NOT NULL, "desired_outcome_id" uuid NOT NULL, "factor" text NOT NULL, CONSTRAINT "PK_ccadccb75a78c69725cec8aec0c" PRIMARY KEY ("referral_id", "desired_outcome_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "referral_desired_outcome_desired_outcome_idx" ON "referral_desired_outcome"  ("desired_outcome_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "referral_timeline_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sequence" BIGSERIAL NOT NULL, "referral_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by" text NOT NULL, "type" text NOT NULL, "summary" text NOT NULL, "details" jsonb, CONSTRAINT "PK_89c222ff474885a8f8d7154280b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "referral_timeline_event_referral_idx" ON "referral_timeline_event"  ("referral_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE TABLE "end_of_service_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "intervention_id" uuid NOT NULL, "further_information" text, "outcomes" integer NOT NULL, "score_halves" integer NOT NULL, "earned_pence" bigint NOT NULL, "submitted_by" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "REL_8d3666dfd1b3981a1b9d32af1e" UNIQUE ("referral_id"), CONSTRAINT "end_of_service_report_score_check" CHECK ("score_halves" BETWEEN 0 AND 2 * "outcomes"), CONSTRAINT "PK_28f1c910b98960b8a8909208fa9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "end_of_service_report_referral_key" ON "end_of_service_report"  ("referral_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "end_of_service_outcome" ("report_id" uuid NOT NULL, "desired_outcome_id" uuid NOT NULL, "factor" text NOT NULL, "achievement" text NOT NULL, "progress_comments" text, "position" integer NOT NULL, CONSTRAINT "end_of_service_outcome_achievement_check" CHECK ("achievement" IN ('ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED')), CONSTRAINT "PK_245f47d487092f4c8d55640f1fb" PRIMARY KEY ("report_id", "desired_outcome_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "end_of_service_outcome_desired_outcome_idx" ON "end_of_service_outcome"  ("desired_outcome_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "action_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "version" integer NOT NULL, "activities" text array NOT NULL, "planned_sessions" integer NOT NULL, "submitted_by" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "action_plan_referral_version_key" UNIQUE ("referral_id", "version"), CONSTRAINT "action_plan_planned_sessions_check" CHECK ("planned_sessions" BETWEEN 1 AND 500), CONSTRAINT "action_plan_version_check" CHECK ("version" >= 1), CONSTRAINT "PK_73de59f4ddad48bad469c1afdbd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "delivery_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_minutes" integer NOT NULL, "delivery_mode" text NOT NULL, "venue" text, "scheduled_by" text NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attended" text, "session_happened" boolean, "no_session_reason" text, "summary" text, "response" text, "concerns" text, "notify_purchaser" boolean, "feedback_by" text, "feedback_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "delivery_session_no_session_reason_check" CHECK ("no_session_reason" IN ('PERSON_ACCEPTABLE', 'PERSON_UNACCEPTABLE', 'LOGISTICS')), CONSTRAINT "delivery_session_attended_check" CHECK ("attended" IN ('YES', 'LATE', 'NO')), CONSTRAINT "delivery_session_duration_check" CHECK ("duration_minutes" BETWEEN 5 AND 720), CONSTRAINT "PK_b56405b66de868bbc0dd40a151d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "delivery_session_referral_idx" ON "delivery_session"  ("referral_id", "starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "delivery_session_reschedule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "from_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "to_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "requested_by" text NOT NULL, "by" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "delivery_session_reschedule_requested_by_check" CHECK ("requested_by" IN ('PERSON_ON_PROBATION', 'PROVIDER')), CONSTRAINT "PK_94b0606c8b5fc2c722461dfd8bd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "delivery_session_reschedule_session_idx" ON "delivery_session_reschedule"  ("session_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "case_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "notify_other_side" boolean NOT NULL, "side" text NOT NULL, "by" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "case_note_side_check" CHECK ("side" IN ('PURCHASER', 'PROVIDER')), CONSTRAINT "PK_7b0442af3f3d9273fb63d2799a2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_note_referral_idx" ON "case_note"  ("referral_id", "at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention_price" ADD "outcome_payment_pence" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "referral" ADD "complexity" text`);
    await queryRunner.query(
      `ALTER TABLE "referral" ADD "outcome_payment_pence" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD "outcome_payment_max_pence" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "referral" ADD "outcome_payment_earned_pence" bigint`);
    await queryRunner.query(
      `ALTER TABLE "referral" ADD "end_of_service_report_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD "end_of_service_report_due" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "referral" ADD "decline_reason" text`);
    await queryRunner.query(`ALTER TABLE "referral" ADD "withdrawal_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "division_budget" ADD "outcome_payments_spent_pence" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" ADD "reports" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" ADD "achievement_rate_micros" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention_price" ADD CONSTRAINT "intervention_price_outcome_payment_check" CHECK ("outcome_payment_pence" >= 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_complexity_check" CHECK ("complexity" IN ('LOW', 'MEDIUM', 'HIGH'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" ADD CONSTRAINT "referral_outcome_payment_check" CHECK ("outcome_payment_pence" >= 0 AND "outcome_payment_max_pence" >= 0 AND ("outcome_payment_earned_pence" IS NULL OR "outcome_payment_earned_pence" BETWEEN 0 AND "outcome_payment_max_pence"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "division_budget" ADD CONSTRAINT "division_budget_outcome_payments_check" CHECK ("outcome_payments_spent_pence" BETWEEN 0 AND "spent_pence")`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" ADD CONSTRAINT "contribution_aggregate_reports_check" CHECK ("reports" >= 0 AND "achievement_rate_micros" BETWEEN 0 AND "reports"::bigint * 1000000)`,
    );
    await queryRunner.query(
      `ALTER TABLE "desired_outcome" ADD CONSTRAINT "desired_outcome_factor_code_fkey" FOREIGN KEY ("factor_code") REFERENCES "factor"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_desired_outcome" ADD CONSTRAINT "referral_desired_outcome_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_desired_outcome" ADD CONSTRAINT "referral_desired_outcome_desired_outcome_fkey" FOREIGN KEY ("desired_outcome_id") REFERENCES "desired_outcome"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_timeline_event" ADD CONSTRAINT "referral_timeline_event_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "end_of_service_report" ADD CONSTRAINT "end_of_service_report_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "end_of_service_outcome" ADD CONSTRAINT "end_of_service_outcome_report_fkey" FOREIGN KEY ("report_id") REFERENCES "end_of_service_report"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "end_of_service_outcome" ADD CONSTRAINT "end_of_service_outcome_desired_outcome_fkey" FOREIGN KEY ("desired_outcome_id") REFERENCES "desired_outcome"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan" ADD CONSTRAINT "action_plan_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_session" ADD CONSTRAINT "delivery_session_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_session_reschedule" ADD CONSTRAINT "delivery_session_reschedule_session_fkey" FOREIGN KEY ("session_id") REFERENCES "delivery_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_note" ADD CONSTRAINT "case_note_referral_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const [factor, outcomes] of Object.entries(DESIRED_OUTCOMES)) {
      for (const [i, description] of outcomes.entries()) {
        await queryRunner.query(
          `INSERT INTO "desired_outcome" ("id", "factor_code", "description", "position") VALUES (overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid, $2, $3, $4)`,
          [`desired-outcome:${factor}:${i + 1}`, factor, description, i + 1],
        );
      }
    }
    await queryRunner.query(TIMELINE_BACKFILL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_note" DROP CONSTRAINT "case_note_referral_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "delivery_session_reschedule" DROP CONSTRAINT "delivery_session_reschedule_session_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_session" DROP CONSTRAINT "delivery_session_referral_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan" DROP CONSTRAINT "action_plan_referral_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "end_of_service_outcome" DROP CONSTRAINT "end_of_service_outcome_desired_outcome_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "end_of_service_outcome" DROP CONSTRAINT "end_of_service_outcome_report_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "end_of_service_report" DROP CONSTRAINT "end_of_service_report_referral_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_timeline_event" DROP CONSTRAINT "referral_timeline_event_referral_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_desired_outcome" DROP CONSTRAINT "referral_desired_outcome_desired_outcome_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral_desired_outcome" DROP CONSTRAINT "referral_desired_outcome_referral_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "desired_outcome" DROP CONSTRAINT "desired_outcome_factor_code_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" DROP CONSTRAINT "contribution_aggregate_reports_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "division_budget" DROP CONSTRAINT "division_budget_outcome_payments_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "referral" DROP CONSTRAINT "referral_outcome_payment_check"`,
    );
    await queryRunner.query(`ALTER TABLE "referral" DROP CONSTRAINT "referral_complexity_check"`);
    await queryRunner.query(
      `ALTER TABLE "intervention_price" DROP CONSTRAINT "intervention_price_outcome_payment_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" DROP COLUMN "achievement_rate_micros"`,
    );
    await queryRunner.query(`ALTER TABLE "contribution_aggregate" DROP COLUMN "reports"`);
    await queryRunner.query(
      `ALTER TABLE "division_budget" DROP COLUMN "outcome_payments_spent_pence"`,
    );
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "withdrawal_reason"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "decline_reason"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "end_of_service_report_due"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "end_of_service_report_at"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "outcome_payment_earned_pence"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "outcome_payment_max_pence"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "outcome_payment_pence"`);
    await queryRunner.query(`ALTER TABLE "referral" DROP COLUMN "complexity"`);
    await queryRunner.query(`ALTER TABLE "intervention_price" DROP COLUMN "outcome_payment_pence"`);
    await queryRunner.query(`DROP INDEX "public"."case_note_referral_idx"`);
    await queryRunner.query(`DROP TABLE "case_note"`);
    await queryRunner.query(`DROP INDEX "public"."delivery_session_reschedule_session_idx"`);
    await queryRunner.query(`DROP TABLE "delivery_session_reschedule"`);
    await queryRunner.query(`DROP INDEX "public"."delivery_session_referral_idx"`);
    await queryRunner.query(`DROP TABLE "delivery_session"`);
    await queryRunner.query(`DROP TABLE "action_plan"`);
    await queryRunner.query(`DROP INDEX "public"."end_of_service_outcome_desired_outcome_idx"`);
    await queryRunner.query(`DROP TABLE "end_of_service_outcome"`);
    await queryRunner.query(`DROP INDEX "public"."end_of_service_report_referral_key"`);
    await queryRunner.query(`DROP TABLE "end_of_service_report"`);
    await queryRunner.query(`DROP INDEX "public"."referral_timeline_event_referral_idx"`);
    await queryRunner.query(`DROP TABLE "referral_timeline_event"`);
    await queryRunner.query(`DROP INDEX "public"."referral_desired_outcome_desired_outcome_idx"`);
    await queryRunner.query(`DROP TABLE "referral_desired_outcome"`);
    await queryRunner.query(`DROP TABLE "desired_outcome"`);
  }
}
