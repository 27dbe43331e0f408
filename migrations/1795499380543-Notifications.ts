import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: the transactional outbox of domain events, the webhooks organisations and
 * divisions register, one delivery row per (webhook, event), and a row per delivery attempt.
 *
 * Indexes:
 * - outbox_sequence_key: unique write order of events (deliveries copy it to keep order).
 * - webhook_organisation_id_idx, webhook_division_code_idx: the fan-out at enqueue finds an
 *   event's webhooks by owner (and they index the foreign keys).
 * - webhook_delivery_due_idx (partial, PENDING): the dispatcher's scan for due deliveries; it
 *   stays as small as the backlog, whatever the history.
 * - webhook_delivery_queue_idx (partial, PENDING): the ordering check, "is an earlier event for
 *   this webhook and referral still pending?", an index probe per candidate.
 * - webhook_delivery_webhook_sequence_idx: a webhook's deliveries newest first (the
 *   webhookDeliveries keyset page), and the webhook foreign key.
 * - webhook_delivery_event_key: one delivery per webhook and event (the fan-out cannot double).
 * - webhook_delivery_outbox_id_idx: the outbox foreign key.
 */

export class Notifications1795499380543 implements MigrationInterface {
  name = 'Notifications1795499380543';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sequence" BIGSERIAL NOT NULL, "type" text NOT NULL, "referral_id" uuid, "ordering_key" text NOT NULL, "organisation_id" uuid, "division_code" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_sequence_key" ON "outbox"  ("sequence") `);
    await queryRunner.query(
      `CREATE TABLE "webhook" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "division_code" text, "url" text NOT NULL, "events" text array NOT NULL, "secret" text NOT NULL, "description" text, "active" boolean NOT NULL DEFAULT true, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deactivated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webhook_events_check" CHECK (cardinality("events") > 0), CONSTRAINT "webhook_owner_check" CHECK (("organisation_id" IS NULL) <> ("division_code" IS NULL)), CONSTRAINT "PK_e6765510c2d078db49632b59020" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_organisation_id_idx" ON "webhook"  ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_division_code_idx" ON "webhook"  ("division_code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "outbox_id" uuid NOT NULL, "event_sequence" bigint NOT NULL, "ordering_key" text NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_http_status" integer, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_delivery_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_outbox_id_idx" ON "webhook_delivery"  ("outbox_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_queue_idx" ON "webhook_delivery"  ("webhook_id", "ordering_key", "event_sequence") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery"  ("next_attempt_at") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_webhook_sequence_idx" ON "webhook_delivery"  ("webhook_id", "event_sequence") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "webhook_delivery_event_key" ON "webhook_delivery"  ("webhook_id", "outbox_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery_attempt" ("delivery_id" uuid NOT NULL, "number" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "http_status" integer, "error" text, "duration_ms" integer NOT NULL, CONSTRAINT "PK_96663c1c53df23a59f8fe3ec14f" PRIMARY KEY ("delivery_id", "number"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook" ADD CONSTRAINT "webhook_organisation_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook" ADD CONSTRAINT "webhook_division_fkey" FOREIGN KEY ("division_code") REFERENCES "division"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_outbox_fkey" FOREIGN KEY ("outbox_id") REFERENCES "outbox"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery_attempt" ADD CONSTRAINT "webhook_delivery_attempt_delivery_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery_attempt" DROP CONSTRAINT "webhook_delivery_attempt_delivery_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_outbox_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_webhook_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "webhook" DROP CONSTRAINT "webhook_division_fkey"`);
    await queryRunner.query(`ALTER TABLE "webhook" DROP CONSTRAINT "webhook_organisation_fkey"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery_attempt"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_event_key"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_webhook_sequence_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_outbox_id_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_division_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_organisation_id_idx"`);
    await queryRunner.query(`DROP TABLE "webhook"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_sequence_key"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
  }
}
