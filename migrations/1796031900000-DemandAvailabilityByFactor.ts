import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Availability as the inspectorate defines it, per need (purchaser, PCC area, factor, day): each
 * search records who searched, which of its factors it found available in the area searched, and
 * the person's sex and supervision type when given (for the breakdowns).
 *
 * Backfill: the person's sex and supervision type come from the filters each search recorded.
 * `available_factors` cannot be rebuilt for past searches (listings and places have moved on),
 * so it stays null on them: they count in the search hit rate, not in availability.
 */
export class DemandAvailabilityByFactor1796031900000 implements MigrationInterface {
  name = 'DemandAvailabilityByFactor1796031900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_demand" ADD "searched_by" text`);
    await queryRunner.query(`ALTER TABLE "search_demand" ADD "available_factors" text array`);
    await queryRunner.query(`ALTER TABLE "search_demand" ADD "person_sex" text`);
    await queryRunner.query(`ALTER TABLE "search_demand" ADD "person_supervision_type" text`);
    await queryRunner.query(
      `UPDATE "search_demand" SET "person_sex" = "filters"->'person'->>'sex',
                                  "person_supervision_type" = "filters"->'person'->>'supervisionType'
       WHERE jsonb_typeof("filters"->'person') = 'object'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_demand" DROP COLUMN "person_supervision_type"`);
    await queryRunner.query(`ALTER TABLE "search_demand" DROP COLUMN "person_sex"`);
    await queryRunner.query(`ALTER TABLE "search_demand" DROP COLUMN "available_factors"`);
    await queryRunner.query(`ALTER TABLE "search_demand" DROP COLUMN "searched_by"`);
  }
}
