import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emails (issue 20): who to write to (an address per organisation, and per person from their
 * token's `email` claim, with the optional kinds they turned off), the emails owed by each outbox
 * event (one row per event, recipient and kind: a retry of the event can never add a second),
 * and the local mailbox that stands in for GOV.UK Notify in development and tests.
 */
export class Emails1796043000000 implements MigrationInterface {
  name = 'Emails1796043000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The timed events' jobs look up whether an event with a key was raised already.
    await queryRunner.query(
      `CREATE INDEX "outbox_type_ordering_key_idx" ON "outbox" ("type", "ordering_key")`,
    );
    await queryRunner.query(`
      CREATE TABLE "organisation_contact" (
        "organisation_id" uuid PRIMARY KEY
          CONSTRAINT "organisation_contact_organisation_fkey" REFERENCES "organisation" ("id"),
        "email" text NOT NULL,
        "updated_by" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "user_contact" (
        "subject" text PRIMARY KEY,
        "email" text,
        "roles" text array NOT NULL DEFAULT '{}',
        "organisation_id" uuid,
        "division_code" text,
        "opted_out" text array NOT NULL DEFAULT '{}',
        "first_seen_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "user_contact_organisation_id_idx" ON "user_contact" ("organisation_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "email" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "outbox_id" uuid NOT NULL CONSTRAINT "email_outbox_fkey" REFERENCES "outbox" ("id"),
        "kind" text NOT NULL,
        "recipient" text NOT NULL,
        "subject" text,
        "personalisation" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'PENDING'
          CONSTRAINT "email_status_check" CHECK ("status" IN ('PENDING', 'SENT', 'FAILED')),
        "attempts" int NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_attempt_at" timestamptz,
        "last_error" text,
        "provider_id" text,
        "sent_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "email_event_key" UNIQUE ("outbox_id", "recipient", "kind")
      )`);
    await queryRunner.query(
      `CREATE INDEX "email_due_idx" ON "email" ("next_attempt_at") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "email_status_created_idx" ON "email" ("status", "created_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "mailbox_message" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "email_id" uuid NOT NULL CONSTRAINT "mailbox_message_email_fkey" REFERENCES "email" ("id"),
        "recipient" text NOT NULL,
        "kind" text NOT NULL,
        "template_id" text,
        "personalisation" jsonb NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "mailbox_message_email_id_idx" ON "mailbox_message" ("email_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mailbox_message"`);
    await queryRunner.query(`DROP TABLE "email"`);
    await queryRunner.query(`DROP TABLE "user_contact"`);
    await queryRunner.query(`DROP TABLE "organisation_contact"`);
    await queryRunner.query(`DROP INDEX "outbox_type_ordering_key_idx"`);
  }
}
