import { MigrationInterface, QueryRunner } from 'typeorm';

/** The web pages' sessions (connect-pg-simple's table, under our name). */
export class WebSessions1796020000000 implements MigrationInterface {
  name = 'WebSessions1796020000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "web_session" (
        "sid" varchar NOT NULL PRIMARY KEY,
        "sess" json NOT NULL,
        "expire" timestamp(6) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_web_session_expire" ON "web_session" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "web_session"`);
  }
}
