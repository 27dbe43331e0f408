import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly rollups of the gap report's daily rollups (issue 21, sections 2 and 3; see
 * docs/demand-rollups.md and src/commissioning/monthly-rollups.ts): a report over the financial
 * year read some 150,000 daily rows of each kind by March; it now reads twelve months' rows and
 * the days of the months it covers in part.
 *
 * - search_factor_monthly, search_need_monthly, referral_monthly, judgement_monthly: the sums
 *   of search_factor_daily, search_need_daily, referral_daily and judgement_daily per London
 *   month (its first day), with the same keys;
 * - rollup_month_pending: the months (per kind: searches, referrals, judgements) whose monthly
 *   rows are not built or no longer match their days. The rollup job marks a day's month
 *   whenever it builds the day, and builds a marked month once it is over and none of its days
 *   is marked. Every month with a daily rollup or a marked day starts marked.
 */
export class MonthlyRollups1796047000000 implements MigrationInterface {
  name = 'MonthlyRollups1796047000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_factor_monthly" (
      "month" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "searches" integer NOT NULL,
      "no_result" integer NOT NULL,
      "available" integer NOT NULL,
      CONSTRAINT "search_factor_monthly_pkey" PRIMARY KEY ("month", "pcc_area_code", "factor")
    )`);
    await queryRunner.query(`CREATE TABLE "search_need_monthly" (
      "month" date NOT NULL,
      "dimension" text NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "key" text NOT NULL,
      "needs" integer NOT NULL,
      "met" integer NOT NULL,
      CONSTRAINT "search_need_monthly_pkey" PRIMARY KEY ("month", "dimension", "pcc_area_code", "factor", "key")
    )`);
    await queryRunner.query(`CREATE TABLE "referral_monthly" (
      "month" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "days_to_start" integer,
      "referrals" integer NOT NULL,
      "declined" integer NOT NULL
    )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "referral_monthly_key" ON "referral_monthly" ("month", "pcc_area_code", "factor", "days_to_start") NULLS NOT DISTINCT`,
    );
    await queryRunner.query(`CREATE TABLE "judgement_monthly" (
      "month" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "judged" integer NOT NULL,
      "sufficient" integer NOT NULL,
      CONSTRAINT "judgement_monthly_pkey" PRIMARY KEY ("month", "pcc_area_code", "factor")
    )`);
    await queryRunner.query(`CREATE TABLE "rollup_month_pending" (
      "kind" text NOT NULL,
      "month" date NOT NULL,
      CONSTRAINT "rollup_month_pending_kind_check" CHECK ("kind" IN ('searches', 'referrals', 'judgements')),
      CONSTRAINT "rollup_month_pending_pkey" PRIMARY KEY ("kind", "month")
    )`);
    const month = (day: string) => `date_trunc('month', ${day}::timestamp)::date`;
    for (const [kind, days] of [
      ['searches', ['search_factor_daily', 'search_need_daily', 'search_rollup_pending']],
      ['referrals', ['referral_daily', 'referral_rollup_pending']],
      ['judgements', ['judgement_daily', 'judgement_rollup_pending']],
    ] as const) {
      await queryRunner.query(
        `INSERT INTO "rollup_month_pending" ("kind", "month")
         SELECT DISTINCT $1, ${month('"day"')} FROM (${days.map((t) => `SELECT DISTINCT "day" FROM "${t}"`).join(' UNION ')}) d`,
        [kind],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'rollup_month_pending',
      'judgement_monthly',
      'referral_monthly',
      'search_need_monthly',
      'search_factor_monthly',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
