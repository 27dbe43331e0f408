import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dynamic framework: applications to join, organisation members and declarations (live
 * compliance), and the organisation's new details (company number, website, description, whether
 * its prices are published openly in the Open Referral UK feed).
 *
 * Indexes: applications are found by applicant (myApplications), by status (the commissioners'
 * queue) and by the organisation an approval created (foreign key); the partial unique
 * framework_application_open_key allows one open (SUBMITTED or CHANGES_REQUESTED) application per
 * applicant. Members are keyed (organisation, subject) and also found by subject (is this person
 * already a member?). Declarations are keyed (organisation, kind) and found by expiry date
 * (expiringDeclarations).
 */
export class Framework1795499358958 implements MigrationInterface {
  name = 'Framework1795499358958';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "framework_application" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "applicant_id" text NOT NULL, "applicant_name" text NOT NULL, "status" text NOT NULL, "organisation_name" text NOT NULL, "kind" text NOT NULL, "charity_number" text, "company_number" text, "website" text, "description" text, "contact_email" text NOT NULL, "pcc_area_codes" text array NOT NULL DEFAULT '{}', "factors" text array NOT NULL DEFAULT '{}', "declarations" jsonb NOT NULL, "decision_note" text, "organisation_id" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "framework_application_approved_check" CHECK (("status" = 'APPROVED') = ("organisation_id" IS NOT NULL)), CONSTRAINT "framework_application_kind_check" CHECK ("kind" IN ('VOLUNTARY_SECTOR', 'PRIVATE', 'PUBLIC_SECTOR')), CONSTRAINT "framework_application_status_check" CHECK ("status" IN ('SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED')), CONSTRAINT "PK_b3efe2dd6e49f3c155efc0fc9ec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "framework_application_applicant_id_idx" ON "framework_application"  ("applicant_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "framework_application_status_idx" ON "framework_application"  ("status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "framework_application_organisation_id_idx" ON "framework_application"  ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "framework_application_open_key" ON "framework_application"  ("applicant_id") WHERE "status" IN ('SUBMITTED', 'CHANGES_REQUESTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "organisation_member" ("organisation_id" uuid NOT NULL, "subject" text NOT NULL, "name" text NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3808300e746d0d911b8c4efc87d" PRIMARY KEY ("organisation_id", "subject"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "organisation_member_subject_idx" ON "organisation_member"  ("subject") `,
    );
    await queryRunner.query(
      `CREATE TABLE "organisation_declaration" ("organisation_id" uuid NOT NULL, "kind" text NOT NULL, "held" boolean NOT NULL, "expires_on" date, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organisation_declaration_kind_check" CHECK ("kind" IN ('SAFEGUARDING_POLICY', 'INSURANCE', 'DATA_PROTECTION', 'VETTED_STAFF')), CONSTRAINT "PK_07fa3eee783454c6c92f908095d" PRIMARY KEY ("organisation_id", "kind"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "organisation_declaration_expires_on_idx" ON "organisation_declaration"  ("expires_on") `,
    );
    await queryRunner.query(`ALTER TABLE "organisation" ADD "company_number" text`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "website" text`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "description" text`);
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD "publish_prices_openly" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_application" ADD CONSTRAINT "framework_application_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation_member" ADD CONSTRAINT "organisation_member_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation_declaration" ADD CONSTRAINT "organisation_declaration_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organisation_declaration" DROP CONSTRAINT "organisation_declaration_organisation_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation_member" DROP CONSTRAINT "organisation_member_organisation_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_application" DROP CONSTRAINT "framework_application_organisation_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "publish_prices_openly"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "description"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "website"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "company_number"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_declaration_expires_on_idx"`);
    await queryRunner.query(`DROP TABLE "organisation_declaration"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_member_subject_idx"`);
    await queryRunner.query(`DROP TABLE "organisation_member"`);
    await queryRunner.query(`DROP INDEX "public"."framework_application_open_key"`);
    await queryRunner.query(`DROP INDEX "public"."framework_application_organisation_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."framework_application_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."framework_application_applicant_id_idx"`);
    await queryRunner.query(`DROP TABLE "framework_application"`);
  }
}
