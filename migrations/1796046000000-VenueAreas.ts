import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing's venues' PCC areas kept on the listing (`venue_pcc_areas`, GIN-indexed beside
 * `coverage`), so that the search's area filter ("covers the area or has a venue there") is two
 * index lookups on the listing instead of a list of venue ids looked up by primary key (about
 * 1.5 ms of a 5 ms search on the benchmark market; issue 21, section 1). A trigger on `venue`
 * keeps it: every insert, update or delete of a venue recomputes its listing's areas, in the
 * same transaction. The consistency check's `venue_areas` rule recomputes them all.
 */
export class VenueAreas1796046000000 implements MigrationInterface {
  name = 'VenueAreas1796046000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "intervention" ADD "venue_pcc_areas" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`CREATE FUNCTION "intervention_venue_areas"(listing uuid) RETURNS text[]
      LANGUAGE sql STABLE AS $$
        SELECT COALESCE(array_agg(DISTINCT v.pcc_area_code ORDER BY v.pcc_area_code), '{}')
        FROM venue v WHERE v.intervention_id = listing
      $$`);
    await queryRunner.query(`CREATE FUNCTION "venue_areas_keep"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN
          UPDATE intervention SET venue_pcc_areas = intervention_venue_areas(NEW.intervention_id)
          WHERE id = NEW.intervention_id
            AND venue_pcc_areas IS DISTINCT FROM intervention_venue_areas(NEW.intervention_id);
        END IF;
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.intervention_id <> NEW.intervention_id) THEN
          UPDATE intervention SET venue_pcc_areas = intervention_venue_areas(OLD.intervention_id)
          WHERE id = OLD.intervention_id
            AND venue_pcc_areas IS DISTINCT FROM intervention_venue_areas(OLD.intervention_id);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`CREATE TRIGGER "venue_areas_keep"
      AFTER INSERT OR UPDATE OF "intervention_id", "pcc_area_code" OR DELETE ON "venue"
      FOR EACH ROW EXECUTE FUNCTION "venue_areas_keep"()`);
    await queryRunner.query(
      `UPDATE "intervention" SET "venue_pcc_areas" = intervention_venue_areas("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "intervention_venue_pcc_areas_gin_idx" ON "intervention" USING gin ("venue_pcc_areas")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."intervention_venue_pcc_areas_gin_idx"`);
    await queryRunner.query(`DROP TRIGGER "venue_areas_keep" ON "venue"`);
    await queryRunner.query(`DROP FUNCTION "venue_areas_keep"()`);
    await queryRunner.query(`DROP FUNCTION "intervention_venue_areas"(uuid)`);
    await queryRunner.query(`ALTER TABLE "intervention" DROP COLUMN "venue_pcc_areas"`);
  }
}
