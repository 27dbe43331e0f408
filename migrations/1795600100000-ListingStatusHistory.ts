import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing's status history (from, to, status), so that a past day's rate card lists what was on
 * sale that day rather than reading today's status.
 *
 * Backfilled from the audit trail: each listing starts at its creation, as DRAFT when the trail
 * has its creation or status changes (as its status, when it has neither: seeded or older data);
 * each PUBLISHED, SUSPENDED or WITHDRAWN event then starts a new status; a row ends where the next
 * begins. Where the trail's last status is not the listing's (a change the trail missed), the
 * listing's own status follows from its last update.
 *
 * Indexes: rows are found by listing (foreign key, the rate card's join);
 * listing_status_history_current_key (partial, unique) allows one current row per listing.
 */
export class ListingStatusHistory1795600100000 implements MigrationInterface {
  name = 'ListingStatusHistory1795600100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "listing_status_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "intervention_id" uuid NOT NULL, "status" text NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE, CONSTRAINT "listing_status_history_status_check" CHECK ("status" IN ('DRAFT', 'PUBLISHED', 'SUSPENDED', 'WITHDRAWN')), CONSTRAINT "listing_status_history_dates_check" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"), CONSTRAINT "PK_listing_status_history" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "listing_status_history_intervention_id_idx" ON "listing_status_history" ("intervention_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "listing_status_history" ADD CONSTRAINT "listing_status_history_intervention_fkey" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      WITH events AS (
        SELECT e.entity_id AS intervention_id, e.at, e.sequence, e.after->>'status' AS status
        FROM audit_event e
        WHERE e.entity_type = 'Intervention'
          AND e.action IN ('PUBLISHED', 'SUSPENDED', 'WITHDRAWN')
          AND e.after->>'status' IN ('DRAFT', 'PUBLISHED', 'SUSPENDED', 'WITHDRAWN')
      ),
      changes AS (
        SELECT i.id AS intervention_id, i.created_at AS at, -1::bigint AS sequence,
               CASE WHEN EXISTS (SELECT 1 FROM events ev WHERE ev.intervention_id = i.id)
                      OR EXISTS (SELECT 1 FROM audit_event c WHERE c.entity_id = i.id
                                   AND c.entity_type = 'Intervention' AND c.action = 'CREATED')
                    THEN 'DRAFT' ELSE i.status END AS status
        FROM intervention i
        UNION ALL
        SELECT ev.intervention_id, greatest(ev.at, i.created_at), ev.sequence, ev.status
        FROM events ev JOIN intervention i ON i.id = ev.intervention_id
      )
      INSERT INTO listing_status_history (intervention_id, status, valid_from, valid_to)
      SELECT intervention_id, status, at,
             lead(at) OVER (PARTITION BY intervention_id ORDER BY at, sequence)
      FROM changes`);
    // Where the trail's last status is not the listing's, the listing's follows its last update.
    await queryRunner.query(`
      UPDATE listing_status_history h SET valid_to = greatest(i.updated_at, h.valid_from)
      FROM intervention i
      WHERE i.id = h.intervention_id AND h.valid_to IS NULL AND h.status <> i.status`);
    await queryRunner.query(`
      INSERT INTO listing_status_history (intervention_id, status, valid_from)
      SELECT i.id, i.status, coalesce(
        (SELECT max(h.valid_to) FROM listing_status_history h WHERE h.intervention_id = i.id),
        i.created_at)
      FROM intervention i
      WHERE NOT EXISTS (SELECT 1 FROM listing_status_history h
                        WHERE h.intervention_id = i.id AND h.valid_to IS NULL)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "listing_status_history_current_key" ON "listing_status_history" ("intervention_id") WHERE "valid_to" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "listing_status_history"`);
  }
}
