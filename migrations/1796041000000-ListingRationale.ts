import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing's rationale (issue 19): the need evidence and stakeholder feedback behind it,
 * required to publish a listing on a CRC's rate card.
 *
 * Backfill: CRC listings already PUBLISHED or SUSPENDED (so they could be published again) get a
 * placeholder saying the rationale predates the rule, so that no listing on sale is invalid; the
 * rate card review shows it, and its supplier should replace it. Other listings keep null.
 */
export const RATIONALE_PLACEHOLDER =
  'Published before rationales were recorded: the provider has not yet stated the need evidence and stakeholder feedback behind this listing.';

export class ListingRationale1796041000000 implements MigrationInterface {
  name = 'ListingRationale1796041000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "intervention" ADD "rationale" text`);
    await queryRunner.query(
      `UPDATE "intervention" i SET "rationale" = $1
       FROM "organisation" o
       WHERE o.id = i.provider_id AND o.kind = 'CRC' AND i.status IN ('PUBLISHED', 'SUSPENDED')`,
      [RATIONALE_PLACEHOLDER],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "intervention" DROP COLUMN "rationale"`);
  }
}
