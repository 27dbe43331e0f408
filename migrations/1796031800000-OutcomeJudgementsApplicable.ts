import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcome's two outcome-level questions answered YES, NO or NOT_APPLICABLE (they were
 * Booleans): the inspectorate asks them only where they apply, so their rates are YES over
 * applicable cases. Existing answers carry over (true YES, false NO: each was given, so each
 * applied). The contribution aggregates gain the applicable counts and are rebuilt from the
 * outcomes and end-of-service reports (the rebuild as it stands at this migration, frozen here).
 */
export class OutcomeJudgementsApplicable1796031800000 implements MigrationInterface {
  name = 'OutcomeJudgementsApplicable1796031800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outcome" ADD "risk_of_harm_focus" text`);
    await queryRunner.query(`ALTER TABLE "outcome" ADD "information_for_review" text`);
    await queryRunner.query(
      `UPDATE "outcome" SET "risk_of_harm_focus" = CASE WHEN "risk_of_harm_focus_sufficient" THEN 'YES' ELSE 'NO' END,
                            "information_for_review" = CASE WHEN "information_for_review_sufficient" THEN 'YES' ELSE 'NO' END`,
    );
    await queryRunner.query(`ALTER TABLE "outcome" ALTER COLUMN "risk_of_harm_focus" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "outcome" ALTER COLUMN "information_for_review" SET NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "outcome" DROP COLUMN "risk_of_harm_focus_sufficient"`);
    await queryRunner.query(
      `ALTER TABLE "outcome" DROP COLUMN "information_for_review_sufficient"`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome" ADD CONSTRAINT "outcome_judgements_check" CHECK ("risk_of_harm_focus" IN ('YES', 'NO', 'NOT_APPLICABLE') AND "information_for_review" IN ('YES', 'NO', 'NOT_APPLICABLE'))`,
    );

    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" DROP CONSTRAINT "contribution_aggregate_counts_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" ADD "risk_of_harm_focus_applicable" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" ADD "information_for_review_applicable" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`LOCK TABLE contribution_aggregate IN EXCLUSIVE MODE`);
    await queryRunner.query(`DELETE FROM contribution_aggregate`);
    await queryRunner.query(`
      WITH judged AS (
        SELECT o.provider_id, o.intervention_id, j.factor, j.sufficient,
               o.risk_of_harm_focus = 'YES' AS rof, o.risk_of_harm_focus <> 'NOT_APPLICABLE' AS rof_applies,
               o.information_for_review = 'YES' AS ifr, o.information_for_review <> 'NOT_APPLICABLE' AS ifr_applies
        FROM outcome o JOIN outcome_factor_judgement j ON j.outcome_id = o.id
      ),
      per_factor AS (
        SELECT 'PROVIDER' AS scope, provider_id AS scope_id, factor, count(*) AS judged,
               count(*) FILTER (WHERE sufficient) AS sufficient, count(*) AS outcomes,
               count(*) FILTER (WHERE rof_applies) AS rof_applicable, count(*) FILTER (WHERE rof) AS rof,
               count(*) FILTER (WHERE ifr_applies) AS ifr_applicable, count(*) FILTER (WHERE ifr) AS ifr
        FROM judged GROUP BY provider_id, factor
        UNION ALL
        SELECT 'INTERVENTION', intervention_id, factor, count(*), count(*) FILTER (WHERE sufficient), count(*),
               count(*) FILTER (WHERE rof_applies), count(*) FILTER (WHERE rof),
               count(*) FILTER (WHERE ifr_applies), count(*) FILTER (WHERE ifr)
        FROM judged GROUP BY intervention_id, factor
      ),
      per_outcome AS (
        SELECT o.provider_id, o.intervention_id,
               o.risk_of_harm_focus = 'YES' AS rof, o.risk_of_harm_focus <> 'NOT_APPLICABLE' AS rof_applies,
               o.information_for_review = 'YES' AS ifr, o.information_for_review <> 'NOT_APPLICABLE' AS ifr_applies,
               (SELECT count(*) FROM outcome_factor_judgement j WHERE j.outcome_id = o.id) AS judged,
               (SELECT count(*) FROM outcome_factor_judgement j WHERE j.outcome_id = o.id AND j.sufficient) AS sufficient
        FROM outcome o
      ),
      overall AS (
        SELECT 'PROVIDER' AS scope, provider_id AS scope_id, '*' AS factor, sum(judged) AS judged, sum(sufficient) AS sufficient,
               count(*) AS outcomes, count(*) FILTER (WHERE rof_applies) AS rof_applicable, count(*) FILTER (WHERE rof) AS rof,
               count(*) FILTER (WHERE ifr_applies) AS ifr_applicable, count(*) FILTER (WHERE ifr) AS ifr
        FROM per_outcome GROUP BY provider_id
        UNION ALL
        SELECT 'INTERVENTION', intervention_id, '*', sum(judged), sum(sufficient), count(*),
               count(*) FILTER (WHERE rof_applies), count(*) FILTER (WHERE rof),
               count(*) FILTER (WHERE ifr_applies), count(*) FILTER (WHERE ifr)
        FROM per_outcome GROUP BY intervention_id
      ),
      report_rows AS (
        SELECT r.id, r.provider_id, r.intervention_id, o.factor,
               CASE o.achievement WHEN 'ACHIEVED' THEN 2 WHEN 'PARTIALLY_ACHIEVED' THEN 1 ELSE 0 END AS halves
        FROM end_of_service_report r JOIN end_of_service_outcome o ON o.report_id = r.id
      ),
      report_rates AS (
        SELECT id, provider_id, intervention_id, factor, (sum(halves) * 500000) / count(*) AS micros
        FROM report_rows GROUP BY id, provider_id, intervention_id, factor
        UNION ALL
        SELECT id, provider_id, intervention_id, '*', (sum(halves) * 500000) / count(*)
        FROM report_rows GROUP BY id, provider_id, intervention_id
      ),
      reports AS (
        SELECT 'PROVIDER' AS scope, provider_id AS scope_id, factor, count(*) AS reports, sum(micros) AS micros
        FROM report_rates GROUP BY provider_id, factor
        UNION ALL
        SELECT 'INTERVENTION', intervention_id, factor, count(*), sum(micros)
        FROM report_rates GROUP BY intervention_id, factor
      ),
      everything AS (
        SELECT scope, scope_id, factor, judged, sufficient, outcomes, rof_applicable, rof, ifr_applicable, ifr,
               0 AS reports, 0 AS micros FROM per_factor
        UNION ALL
        SELECT scope, scope_id, factor, judged, sufficient, outcomes, rof_applicable, rof, ifr_applicable, ifr, 0, 0
        FROM overall
        UNION ALL
        SELECT scope, scope_id, factor, 0, 0, 0, 0, 0, 0, 0, reports, micros FROM reports
      )
      INSERT INTO contribution_aggregate
        (scope, scope_id, factor, judged, sufficient, outcomes, risk_of_harm_focus_applicable,
         risk_of_harm_focus_sufficient, information_for_review_applicable,
         information_for_review_sufficient, reports, achievement_rate_micros)
      SELECT scope, scope_id::uuid, factor, sum(judged)::int, sum(sufficient)::int, sum(outcomes)::int,
             sum(rof_applicable)::int, sum(rof)::int, sum(ifr_applicable)::int, sum(ifr)::int,
             sum(reports)::int, sum(micros)::bigint
      FROM everything GROUP BY scope, scope_id, factor`);
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" ADD CONSTRAINT "contribution_aggregate_counts_check" CHECK ("sufficient" BETWEEN 0 AND "judged" AND "risk_of_harm_focus_sufficient" BETWEEN 0 AND "risk_of_harm_focus_applicable" AND "risk_of_harm_focus_applicable" BETWEEN 0 AND "outcomes" AND "information_for_review_sufficient" BETWEEN 0 AND "information_for_review_applicable" AND "information_for_review_applicable" BETWEEN 0 AND "outcomes")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // NOT_APPLICABLE has no Boolean: it goes back as false (not judged sufficient).
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" DROP CONSTRAINT "contribution_aggregate_counts_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" DROP COLUMN "information_for_review_applicable"`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" DROP COLUMN "risk_of_harm_focus_applicable"`,
    );
    await queryRunner.query(
      `ALTER TABLE "contribution_aggregate" ADD CONSTRAINT "contribution_aggregate_counts_check" CHECK ("sufficient" BETWEEN 0 AND "judged" AND "risk_of_harm_focus_sufficient" BETWEEN 0 AND "outcomes" AND "information_for_review_sufficient" BETWEEN 0 AND "outcomes")`,
    );
    await queryRunner.query(`ALTER TABLE "outcome" DROP CONSTRAINT "outcome_judgements_check"`);
    await queryRunner.query(
      `ALTER TABLE "outcome" ADD "risk_of_harm_focus_sufficient" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome" ADD "information_for_review_sufficient" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `UPDATE "outcome" SET "risk_of_harm_focus_sufficient" = "risk_of_harm_focus" = 'YES',
                            "information_for_review_sufficient" = "information_for_review" = 'YES'`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome" ALTER COLUMN "risk_of_harm_focus_sufficient" DROP DEFAULT`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome" ALTER COLUMN "information_for_review_sufficient" DROP DEFAULT`,
    );
    await queryRunner.query(`ALTER TABLE "outcome" DROP COLUMN "information_for_review"`);
    await queryRunner.query(`ALTER TABLE "outcome" DROP COLUMN "risk_of_harm_focus"`);
  }
}
