import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Today's searches so far rolled up (issue 21, section 2; see docs/demand-rollups.md): a report
 * read every search of today one by one, some 48,000 by the evening of a national working day.
 * The rollup job now also rolls up today's searches up to the start of the current hour; a
 * report reads those rollups and only the searches since.
 *
 * - search_rollup_partial: a marked day (today) whose searches before `upto` are rolled up:
 *   their counts in search_demand_daily, search_factor_daily and search_division_daily (which
 *   the reports read only for built days otherwise), and their needs in search_need_partial;
 * - search_need_partial: that day's needs so far, one row per area, factor, purchaser and the
 *   person's sex and supervision type, met or not: a purchaser searching again after `upto`
 *   for the same factor and area is still one need, so needs are kept per purchaser until the
 *   day is over (then search_need_daily counts them);
 * - the trigger that marks a search's day now also drops the day's partial rollup when a search
 *   before its `upto` is written, changed or deleted (never the case for a search recorded as
 *   it happens): the day is then read whole from its searches until the job runs again.
 */
export class TodaySoFar1796048000000 implements MigrationInterface {
  name = 'TodaySoFar1796048000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_rollup_partial" (
      "day" date NOT NULL,
      "upto" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "search_rollup_partial_pkey" PRIMARY KEY ("day")
    )`);
    await queryRunner.query(`CREATE TABLE "search_need_partial" (
      "day" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "who" text NOT NULL,
      "sex" text NOT NULL,
      "supervision" text NOT NULL,
      "met" boolean NOT NULL,
      CONSTRAINT "search_need_partial_pkey" PRIMARY KEY ("day", "pcc_area_code", "factor", "who", "sex", "supervision")
    )`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "search_rollup_mark"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO search_rollup_pending (day) VALUES ((NEW.at AT TIME ZONE 'Europe/London')::date)
          ON CONFLICT DO NOTHING;
          DELETE FROM search_rollup_partial
          WHERE day = (NEW.at AT TIME ZONE 'Europe/London')::date AND upto > NEW.at;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO search_rollup_pending (day) VALUES ((OLD.at AT TIME ZONE 'Europe/London')::date)
          ON CONFLICT DO NOTHING;
          DELETE FROM search_rollup_partial
          WHERE day = (OLD.at AT TIME ZONE 'Europe/London')::date AND upto > OLD.at;
        END IF;
        RETURN NULL;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "search_rollup_mark"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO search_rollup_pending (day) VALUES ((NEW.at AT TIME ZONE 'Europe/London')::date)
          ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO search_rollup_pending (day) VALUES ((OLD.at AT TIME ZONE 'Europe/London')::date)
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
      $$`);
    // The partial rows in the daily tables belong to marked days: never read, rebuilt whole.
    await queryRunner.query(`DROP TABLE "search_need_partial"`);
    await queryRunner.query(`DROP TABLE "search_rollup_partial"`);
  }
}
