import { MigrationInterface, QueryRunner } from 'typeorm';
import geography from './data/geography.json';

/**
 * The 12 factors and the geography tree (7 NPS divisions, 21 contract package areas, 42 PCC
 * areas), copied from the inspectorate's Bulletin 2019/01 Table A1 into data/geography.json so
 * that the service never reads anything outside the project at run time.
 */
const FACTORS: [string, string][] = [
  ['ACCOMMODATION', 'Accommodation'],
  ['ETE', 'Education, training and employment'],
  ['FINANCE', 'Financial management and income'],
  ['RELATIONSHIPS', 'Relationships (including domestic abuse)'],
  ['LIFESTYLE', 'Lifestyle and associates'],
  ['DRUGS', 'Drug misuse'],
  ['ALCOHOL', 'Alcohol misuse'],
  ['EMOTIONAL_WELLBEING', 'Emotional well-being (including mental health)'],
  ['THINKING_BEHAVIOUR', 'Thinking and behaviour'],
  ['ATTITUDES', 'Attitudes to offending'],
  ['GANG_MEMBERSHIP', 'Gang membership'],
  ['DISCRIMINATORY_ATTITUDES', 'Discriminatory attitudes'],
];

export class ReferenceData1795400000000 implements MigrationInterface {
  name = 'ReferenceData1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "factor" (
        "code" text PRIMARY KEY,
        "name" text NOT NULL,
        "display_order" integer NOT NULL UNIQUE
      )`);
    await queryRunner.query(`
      CREATE TABLE "division" (
        "code" text PRIMARY KEY,
        "name" text NOT NULL UNIQUE
      )`);
    await queryRunner.query(`
      CREATE TABLE "contract_package_area" (
        "code" text PRIMARY KEY,
        "name" text NOT NULL UNIQUE,
        "crc_owner" text NOT NULL,
        "division_code" text NOT NULL REFERENCES "division" ("code")
      )`);
    // Foreign keys are indexed (house rule): areas are listed by their parent.
    await queryRunner.query(
      `CREATE INDEX "contract_package_area_division_code_idx" ON "contract_package_area" ("division_code")`,
    );
    await queryRunner.query(`
      CREATE TABLE "pcc_area" (
        "code" text PRIMARY KEY,
        "name" text NOT NULL UNIQUE,
        "centroid_lat" double precision NOT NULL CHECK ("centroid_lat" BETWEEN -90 AND 90),
        "centroid_lng" double precision NOT NULL CHECK ("centroid_lng" BETWEEN -180 AND 180),
        "contract_package_area_code" text NOT NULL REFERENCES "contract_package_area" ("code")
      )`);
    await queryRunner.query(
      `CREATE INDEX "pcc_area_contract_package_area_code_idx" ON "pcc_area" ("contract_package_area_code")`,
    );

    for (const [index, [code, name]] of FACTORS.entries()) {
      await queryRunner.query(
        `INSERT INTO "factor" ("code", "name", "display_order") VALUES ($1, $2, $3)`,
        [code, name, index + 1],
      );
    }
    for (const division of geography.divisions) {
      await queryRunner.query(`INSERT INTO "division" ("code", "name") VALUES ($1, $2)`, [
        division.code,
        division.name,
      ]);
      for (const cpa of division.contractPackageAreas) {
        await queryRunner.query(
          `INSERT INTO "contract_package_area" ("code", "name", "crc_owner", "division_code") VALUES ($1, $2, $3, $4)`,
          [cpa.code, cpa.name, cpa.crcOwner, division.code],
        );
        for (const pcc of cpa.pccAreas) {
          await queryRunner.query(
            `INSERT INTO "pcc_area" ("code", "name", "centroid_lat", "centroid_lng", "contract_package_area_code")
             VALUES ($1, $2, $3, $4, $5)`,
            [pcc.code, pcc.name, pcc.centroid.lat, pcc.centroid.lng, cpa.code],
          );
        }
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pcc_area"`);
    await queryRunner.query(`DROP TABLE "contract_package_area"`);
    await queryRunner.query(`DROP TABLE "division"`);
    await queryRunner.query(`DROP TABLE "factor"`);
  }
}
