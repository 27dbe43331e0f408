import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Charity and company numbers are unique across organisations in the database, not only through
 * the application's check (which two requests at once can both pass). Partial unique indexes
 * (organisation_charity_number_key, organisation_company_number_key): only organisations that
 * have a number take part, and the same indexes answer "who has this number?".
 *
 * Existing duplicates are not guessed at: the migration checks first and refuses, naming each
 * number and the organisations that share it, so that someone decides which one is right.
 */
export class OrganisationNumbersUnique1795600000000 implements MigrationInterface {
  name = 'OrganisationNumbersUnique1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const duplicates = (await queryRunner.query(
      `SELECT kind, number, string_agg(name || ' (' || id || ')', ', ' ORDER BY name) AS names
       FROM (SELECT 'charity' AS kind, charity_number AS number, name, id FROM organisation
             WHERE charity_number IS NOT NULL
             UNION ALL
             SELECT 'company', company_number, name, id FROM organisation
             WHERE company_number IS NOT NULL) numbers
       GROUP BY kind, number HAVING count(*) > 1 ORDER BY kind, number`,
    )) as { kind: string; number: string; names: string }[];
    if (duplicates.length > 0) {
      throw new Error(
        `Organisations share registration numbers, which must be unique: ${duplicates
          .map((d) => `${d.kind} number ${d.number} is held by ${d.names}`)
          .join('; ')}. Correct or clear the wrong ones, then run the migrations again.`,
      );
    }
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organisation_charity_number_key" ON "organisation" ("charity_number") WHERE "charity_number" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organisation_company_number_key" ON "organisation" ("company_number") WHERE "company_number" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."organisation_company_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_charity_number_key"`);
  }
}
