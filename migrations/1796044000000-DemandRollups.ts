import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily rollups of purchasers' recorded searches, so that the commissioners' reports cost the
 * same whatever the length of history (issue 21, section 3). See docs/demand-rollups.md.
 *
 * - search_demand_daily: searches per London day, PCC area and set of factors searched (the
 *   gap report's demand, the rate card review's demand by overlap, searches per area);
 * - search_division_daily: searches per London day and searcher's division;
 * - search_need_daily: needs (one purchaser, area, factor and day) and those met, per day, area
 *   and factor, counted whole (dimension ALL) and by the person's sex and supervision type;
 * - search_rollup_pending: the days whose rollups are not built, or no longer match their
 *   searches. A trigger marks a day whenever a search of that day is written, changed or
 *   deleted; the rollup job rebuilds a marked day (once it is over) and clears the mark. Reports
 *   read rollups for unmarked days and the searches themselves for marked ones, so they never
 *   depend on when the job last ran.
 *
 * Every day with searches starts marked: the job (or `npm run rollup`) builds them.
 */
export class DemandRollups1796044000000 implements MigrationInterface {
  name = 'DemandRollups1796044000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_demand_daily" (
      "day" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factors" text array NOT NULL,
      "searches" integer NOT NULL,
      "no_result" integer NOT NULL,
      "available" integer NOT NULL,
      CONSTRAINT "search_demand_daily_pkey" PRIMARY KEY ("day", "pcc_area_code", "factors")
    )`);
    await queryRunner.query(`CREATE TABLE "search_division_daily" (
      "day" date NOT NULL,
      "division_code" text NOT NULL,
      "searches" integer NOT NULL,
      CONSTRAINT "search_division_daily_pkey" PRIMARY KEY ("day", "division_code")
    )`);
    await queryRunner.query(`CREATE TABLE "search_need_daily" (
      "day" date NOT NULL,
      "pcc_area_code" text NOT NULL,
      "factor" text NOT NULL,
      "dimension" text NOT NULL,
      "key" text NOT NULL,
      "needs" integer NOT NULL,
      "met" integer NOT NULL,
      CONSTRAINT "search_need_daily_dimension_check" CHECK ("dimension" IN ('ALL', 'SEX', 'SUPERVISION_TYPE')),
      CONSTRAINT "search_need_daily_pkey" PRIMARY KEY ("day", "dimension", "pcc_area_code", "factor", "key")
    )`);
    await queryRunner.query(`CREATE TABLE "search_rollup_pending" (
      "day" date NOT NULL,
      CONSTRAINT "search_rollup_pending_pkey" PRIMARY KEY ("day")
    )`);
    // The raw searches of a marked day are read by time.
    await queryRunner.query(`CREATE INDEX "search_demand_at_idx" ON "search_demand" ("at")`);
    await queryRunner.query(`CREATE FUNCTION "search_rollup_mark"() RETURNS trigger
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
    await queryRunner.query(`CREATE TRIGGER "search_demand_rollup_mark"
      AFTER INSERT OR UPDATE OR DELETE ON "search_demand"
      FOR EACH ROW EXECUTE FUNCTION "search_rollup_mark"()`);
    await queryRunner.query(`INSERT INTO "search_rollup_pending" ("day")
      SELECT DISTINCT ("at" AT TIME ZONE 'Europe/London')::date FROM "search_demand"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "search_demand_rollup_mark" ON "search_demand"`);
    await queryRunner.query(`DROP FUNCTION "search_rollup_mark"()`);
    await queryRunner.query(`DROP INDEX "public"."search_demand_at_idx"`);
    await queryRunner.query(`DROP TABLE "search_rollup_pending"`);
    await queryRunner.query(`DROP TABLE "search_need_daily"`);
    await queryRunner.query(`DROP TABLE "search_division_daily"`);
    await queryRunner.query(`DROP TABLE "search_demand_daily"`);
  }
}
