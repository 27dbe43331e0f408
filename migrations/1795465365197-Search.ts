import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search: the demand record, and indexes for the filters that narrow a search most.
 *
 * - intervention.factors and intervention.coverage: GIN, for `&&` (any of these factors / areas);
 *   every buyer's search names a factor and most an area.
 * - to_tsvector over title, summary and description, and over organisation.name: GIN, for the
 *   `text` filter (the query repeats these exact expressions so the planner can use them).
 * - search_demand (pcc_area_code, at) and (division_code): the gap report reads demand by area
 *   and period, and by the searcher's division.
 * Other filters (availability, start date, eligibility, price) test the rows these leave.
 */
export class Search1795465365197 implements MigrationInterface {
  name = 'Search1795465365197';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "search_demand" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL, "division_code" text, "caller_roles" text array NOT NULL, "factors" text array NOT NULL DEFAULT '{}', "pcc_area_code" text, "contract_package_area_code" text, "area_division_code" text, "filters" jsonb NOT NULL, "result_count" integer NOT NULL, "available_count" integer NOT NULL, CONSTRAINT "PK_b57a2f79b5aa5df2f270cbe746e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "search_demand_division_code_idx" ON "search_demand"  ("division_code") `,
    );
    await queryRunner.query(
      `CREATE INDEX "search_demand_pcc_area_at_idx" ON "search_demand"  ("pcc_area_code", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "intervention_factors_gin_idx" ON "intervention" USING gin ("factors")`,
    );
    await queryRunner.query(
      `CREATE INDEX "intervention_coverage_gin_idx" ON "intervention" USING gin ("coverage")`,
    );
    await queryRunner.query(
      `CREATE INDEX "intervention_text_search_idx" ON "intervention" USING gin (to_tsvector('english', "title" || ' ' || "summary" || ' ' || "description"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "organisation_name_search_idx" ON "organisation" USING gin (to_tsvector('english', "name"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."organisation_name_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."intervention_text_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."intervention_coverage_gin_idx"`);
    await queryRunner.query(`DROP INDEX "public"."intervention_factors_gin_idx"`);
    await queryRunner.query(`DROP INDEX "public"."search_demand_pcc_area_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."search_demand_division_code_idx"`);
    await queryRunner.query(`DROP TABLE "search_demand"`);
  }
}
