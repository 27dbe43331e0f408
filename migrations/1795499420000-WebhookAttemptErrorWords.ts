import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attempts recorded before the address check kept the connection error's code or message
 * ("Could not reach the receiver (ECONNREFUSED)", "(ECONNRESET)", TLS messages): read back through
 * `webhookDeliveries`, they told a caller which internal ports were open. They now read as every
 * new failure to connect does. Data only, no schema change; `down` cannot restore the old words
 * (that is the point) and leaves the rows as they are.
 */
export class WebhookAttemptErrorWords1795499420000 implements MigrationInterface {
  name = 'WebhookAttemptErrorWords1795499420000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const words = 'Could not connect to the receiver';
    await queryRunner.query(
      `UPDATE "webhook_delivery_attempt" SET "error" = $1 WHERE "error" LIKE 'Could not reach the receiver%'`,
      [words],
    );
    await queryRunner.query(
      `UPDATE "webhook_delivery" SET "last_error" = $1 WHERE "last_error" LIKE 'Could not reach the receiver%'`,
      [words],
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: the old error texts are deliberately not kept.
  }
}
