import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily rollups of referrals and outcome judgements, and of searches per factor, so that every
 * part of the gap report costs the same whatever the length of history and the number of
 * searches a day (issue 21, section 3). See docs/demand-rollups.md.
 *
 * - referral_daily: referrals per London day of purchase, PCC area, target factor and days from
 *   purchase to start (null: not started), with how many of them were declined: referrals and
 *   declines add up, and the median days to start is read off the counts per day-to-start;
 * - judgement_daily: outcome judgements per London day the outcome was recorded, the referral's
 *   PCC area and factor: how many, and how many judged the contribution sufficient;
 * - search_factor_daily: purchasers' searches per London day, PCC area and factor (a search for
 *   two factors counts in both): the gap report's demand in at most 42 x 13 rows a day however
 *   many searches there were (search_demand_daily keeps the sets of factors, which grow with
 *   volume), filled here from search_demand_daily and built with it from now on;
 * - referral_rollup_pending and judgement_rollup_pending: the days whose rollups are not built or
 *   no longer match, marked by triggers whenever a referral, an outcome or a judgement of that
 *   day is written, changed or deleted. Reports read the rollups of unmarked days and the rows
 *   themselves for marked ones.
 *
 * Referrals are written by purchases, so the triggers never lock a table: each takes a shared
 * advisory lock on its day (writers never wait for each other) and the rollup job takes that
 * day's lock exclusively while it builds the day, so no change of the day is mid-write then and
 * any change after it marks the day again.
 */
/** The advisory lock classes (first key) of a referral day and a judgement day. */
const REFERRAL_DAY_LOCK = 21001;
const JUDGEMENT_DAY_LOCK = 21002;

export class PurchaseRollups1796045000000 implements MigrationInterface {
  name = 'PurchaseRollups1796045000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_factor_daily" (
      "day" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "searches" integer NOT NULL,
      "no_result" integer NOT NULL,
      "available" integer NOT NULL,
      CONSTRAINT "search_factor_daily_pkey" PRIMARY KEY ("day", "pcc_area_code", "factor")
    )`);
    await queryRunner.query(`INSERT INTO "search_factor_daily"
      SELECT r.day, r.pcc_area_code, f, sum(r.searches), sum(r.no_result), sum(r.available)
      FROM "search_demand_daily" r, unnest(r.factors) AS f
      GROUP BY r.day, r.pcc_area_code, f`);
    // The gap report reads one dimension's needs over a period.
    await queryRunner.query(
      `CREATE INDEX "search_need_daily_dimension_day_idx" ON "search_need_daily" ("dimension", "day")`,
    );
    await queryRunner.query(`CREATE TABLE "referral_daily" (
      "day" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "days_to_start" integer,
      "referrals" integer NOT NULL,
      "declined" integer NOT NULL
    )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "referral_daily_key" ON "referral_daily" ("day", "pcc_area_code", "factor", "days_to_start") NULLS NOT DISTINCT`,
    );
    await queryRunner.query(`CREATE TABLE "judgement_daily" (
      "day" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "judged" integer NOT NULL,
      "sufficient" integer NOT NULL,
      CONSTRAINT "judgement_daily_pkey" PRIMARY KEY ("day", "pcc_area_code", "factor")
    )`);
    for (const table of ['referral_rollup_pending', 'judgement_rollup_pending']) {
      await queryRunner.query(`CREATE TABLE "${table}" (
        "day" date NOT NULL,
        CONSTRAINT "${table}_pkey" PRIMARY KEY ("day")
      )`);
    }
    // A day's referrals and outcomes are read by time (marked days, and the job).
    await queryRunner.query(`CREATE INDEX "referral_created_at_idx" ON "referral" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "outcome_recorded_at_idx" ON "outcome" ("recorded_at")`);

    // Marks a day (a London date) of one kind, after taking its shared advisory lock.
    await queryRunner.query(`CREATE FUNCTION "rollup_mark_day"(p_kind integer, p_day date) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        IF p_day IS NULL THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock_shared(p_kind, p_day - DATE '2000-01-01');
        IF p_kind = ${REFERRAL_DAY_LOCK} THEN
          INSERT INTO referral_rollup_pending (day) VALUES (p_day) ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO judgement_rollup_pending (day) VALUES (p_day) ON CONFLICT DO NOTHING;
        END IF;
      END
      $$`);
    await queryRunner.query(`CREATE FUNCTION "referral_rollup_mark"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN
          PERFORM rollup_mark_day(${REFERRAL_DAY_LOCK}, (NEW.created_at AT TIME ZONE 'Europe/London')::date);
        END IF;
        IF TG_OP <> 'INSERT' THEN
          PERFORM rollup_mark_day(${REFERRAL_DAY_LOCK}, (OLD.created_at AT TIME ZONE 'Europe/London')::date);
        END IF;
        -- Judgements are counted in their referral's area.
        IF TG_OP = 'UPDATE' AND NEW.pcc_area_code IS DISTINCT FROM OLD.pcc_area_code THEN
          PERFORM rollup_mark_day(${JUDGEMENT_DAY_LOCK}, (o.recorded_at AT TIME ZONE 'Europe/London')::date)
          FROM outcome o WHERE o.referral_id = NEW.id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`CREATE TRIGGER "referral_rollup_mark"
      AFTER INSERT OR DELETE OR UPDATE OF "created_at", "pcc_area_code", "target_factors", "status", "started_on"
      ON "referral" FOR EACH ROW EXECUTE FUNCTION "referral_rollup_mark"()`);
    await queryRunner.query(`CREATE FUNCTION "outcome_rollup_mark"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN
          PERFORM rollup_mark_day(${JUDGEMENT_DAY_LOCK}, (NEW.recorded_at AT TIME ZONE 'Europe/London')::date);
        END IF;
        IF TG_OP <> 'INSERT' THEN
          PERFORM rollup_mark_day(${JUDGEMENT_DAY_LOCK}, (OLD.recorded_at AT TIME ZONE 'Europe/London')::date);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`CREATE TRIGGER "outcome_rollup_mark"
      AFTER INSERT OR DELETE OR UPDATE OF "recorded_at", "referral_id"
      ON "outcome" FOR EACH ROW EXECUTE FUNCTION "outcome_rollup_mark"()`);
    // A judgement's day is its outcome's (gone already when the outcome's deletion cascades:
    // the outcome's own trigger marks that day).
    await queryRunner.query(`CREATE FUNCTION "judgement_rollup_mark"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN
          PERFORM rollup_mark_day(${JUDGEMENT_DAY_LOCK}, (o.recorded_at AT TIME ZONE 'Europe/London')::date)
          FROM outcome o WHERE o.id = NEW.outcome_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          PERFORM rollup_mark_day(${JUDGEMENT_DAY_LOCK}, (o.recorded_at AT TIME ZONE 'Europe/London')::date)
          FROM outcome o WHERE o.id = OLD.outcome_id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`CREATE TRIGGER "judgement_rollup_mark"
      AFTER INSERT OR UPDATE OR DELETE ON "outcome_factor_judgement"
      FOR EACH ROW EXECUTE FUNCTION "judgement_rollup_mark"()`);

    // Every day with referrals or outcomes starts marked: the job (or `npm run rollup`) builds them.
    await queryRunner.query(`INSERT INTO "referral_rollup_pending" ("day")
      SELECT DISTINCT ("created_at" AT TIME ZONE 'Europe/London')::date FROM "referral"`);
    await queryRunner.query(`INSERT INTO "judgement_rollup_pending" ("day")
      SELECT DISTINCT ("recorded_at" AT TIME ZONE 'Europe/London')::date FROM "outcome"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "judgement_rollup_mark" ON "outcome_factor_judgement"`);
    await queryRunner.query(`DROP FUNCTION "judgement_rollup_mark"()`);
    await queryRunner.query(`DROP TRIGGER "outcome_rollup_mark" ON "outcome"`);
    await queryRunner.query(`DROP FUNCTION "outcome_rollup_mark"()`);
    await queryRunner.query(`DROP TRIGGER "referral_rollup_mark" ON "referral"`);
    await queryRunner.query(`DROP FUNCTION "referral_rollup_mark"()`);
    await queryRunner.query(`DROP FUNCTION "rollup_mark_day"(integer, date)`);
    await queryRunner.query(`DROP INDEX "public"."outcome_recorded_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."referral_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "judgement_rollup_pending"`);
    await queryRunner.query(`DROP TABLE "referral_rollup_pending"`);
    await queryRunner.query(`DROP TABLE "judgement_daily"`);
    await queryRunner.query(`DROP TABLE "referral_daily"`);
    await queryRunner.query(`DROP INDEX "public"."search_need_daily_dimension_day_idx"`);
    await queryRunner.query(`DROP TABLE "search_factor_daily"`);
  }
}
