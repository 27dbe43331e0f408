import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue: organisations, their interventions (listings), venues, versioned prices, and
 * the audit trail of every change to them.
 *
 * Indexes: every foreign key (provider, venue -> intervention, venue -> PCC area, organisation
 * -> CPA) for joins and per-parent listing; intervention.status because buyers only ever see
 * PUBLISHED listings; organisation.kind for `organisations(kind)`; (intervention_id,
 * effective_from) is unique, one price version per day, and serves "price in force on a date";
 * lower(name) makes organisation names unique whatever their case; audit_event (entity_id, sequence)
 * serves an entity's trail in commit order and organisation_id a supplier's own trail.
 */
export class Catalogue1795463644127 implements MigrationInterface {
  name = 'Catalogue1795463644127';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sequence" BIGSERIAL NOT NULL, "entity_type" text NOT NULL, "entity_id" uuid NOT NULL, "organisation_id" uuid, "action" text NOT NULL, "actor_id" text NOT NULL, "actor_name" text NOT NULL, "actor_roles" text array NOT NULL, "before" jsonb, "after" jsonb, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_event_organisation_id_idx" ON "audit_event"  ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_event_entity_idx" ON "audit_event"  ("entity_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" text NOT NULL, "crc_owner" text, "charity_number" text, "contract_package_area_code" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organisation_crc_check" CHECK (("kind" = 'CRC') = ("crc_owner" IS NOT NULL AND "contract_package_area_code" IS NOT NULL)), CONSTRAINT "organisation_kind_check" CHECK ("kind" IN ('CRC', 'VOLUNTARY_SECTOR', 'PRIVATE', 'PUBLIC_SECTOR')), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organisation_name_lower_key" ON "organisation" (lower("name"))`,
    );
    await queryRunner.query(`CREATE INDEX "organisation_kind_idx" ON "organisation"  ("kind") `);
    await queryRunner.query(
      `CREATE INDEX "organisation_contract_package_area_code_idx" ON "organisation"  ("contract_package_area_code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "intervention" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "title" text NOT NULL, "summary" text NOT NULL, "description" text NOT NULL DEFAULT '', "factors" text array NOT NULL, "delivery_modes" text array NOT NULL DEFAULT '{}', "accredited" boolean NOT NULL DEFAULT false, "sexes" text array NOT NULL DEFAULT '{}', "min_age" integer, "max_age" integer, "risk_levels" text array NOT NULL DEFAULT '{}', "supervision_types" text array NOT NULL DEFAULT '{}', "eligibility_notes" text, "adaptations" text array NOT NULL DEFAULT '{}', "coverage" text array NOT NULL DEFAULT '{}', "evening_sessions" boolean NOT NULL DEFAULT false, "weekend_sessions" boolean NOT NULL DEFAULT false, "duration_weeks" integer, "session_count" integer, "capacity" integer NOT NULL DEFAULT '0', "next_start_date" date, "status" text NOT NULL DEFAULT 'DRAFT', "last_confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "intervention_duration_check" CHECK ("duration_weeks" > 0 AND "session_count" > 0), CONSTRAINT "intervention_age_check" CHECK ("min_age" BETWEEN 10 AND 100 AND "max_age" BETWEEN 10 AND 100 AND "min_age" <= "max_age"), CONSTRAINT "intervention_capacity_check" CHECK ("capacity" >= 0), CONSTRAINT "intervention_factors_check" CHECK (cardinality("factors") >= 1), CONSTRAINT "intervention_status_check" CHECK ("status" IN ('DRAFT', 'PUBLISHED', 'SUSPENDED', 'WITHDRAWN')), CONSTRAINT "PK_b9c85e27e192205b164e5187279" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "intervention_provider_id_idx" ON "intervention"  ("provider_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "intervention_status_idx" ON "intervention"  ("status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "venue" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "intervention_id" uuid NOT NULL, "name" text NOT NULL, "postcode" text NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "pcc_area_code" text NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "venue_lng_check" CHECK ("lng" BETWEEN -8.7 AND 1.8), CONSTRAINT "venue_lat_check" CHECK ("lat" BETWEEN 49.8 AND 60.9), CONSTRAINT "PK_c53deb6d1bcb088f9d459e7dbc0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "venue_intervention_id_idx" ON "venue"  ("intervention_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "venue_pcc_area_code_idx" ON "venue"  ("pcc_area_code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "intervention_price" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "intervention_id" uuid NOT NULL, "amount_pence" bigint NOT NULL, "currency" text NOT NULL DEFAULT 'GBP', "unit" text NOT NULL, "effective_from" date NOT NULL, "effective_to" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "intervention_price_dates_check" CHECK ("effective_to" IS NULL OR "effective_to" >= "effective_from"), CONSTRAINT "intervention_price_unit_check" CHECK ("unit" IN ('PER_REFERRAL', 'PER_SESSION', 'PER_HOUR', 'PER_DAY')), CONSTRAINT "intervention_price_currency_check" CHECK ("currency" = 'GBP'), CONSTRAINT "intervention_price_amount_check" CHECK ("amount_pence" > 0), CONSTRAINT "PK_128e85cd610d84907094fa02af3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "intervention_price_version_key" ON "intervention_price"  ("intervention_id", "effective_from") `,
    );
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "organisation_cpa_fkey" FOREIGN KEY ("contract_package_area_code") REFERENCES "contract_package_area"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention" ADD CONSTRAINT "intervention_provider_fkey" FOREIGN KEY ("provider_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "venue" ADD CONSTRAINT "venue_intervention_fkey" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "venue" ADD CONSTRAINT "venue_pcc_area_fkey" FOREIGN KEY ("pcc_area_code") REFERENCES "pcc_area"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intervention_price" ADD CONSTRAINT "intervention_price_intervention_fkey" FOREIGN KEY ("intervention_id") REFERENCES "intervention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "intervention_price" DROP CONSTRAINT "intervention_price_intervention_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "venue" DROP CONSTRAINT "venue_pcc_area_fkey"`);
    await queryRunner.query(`ALTER TABLE "venue" DROP CONSTRAINT "venue_intervention_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "intervention" DROP CONSTRAINT "intervention_provider_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "organisation_cpa_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."intervention_price_version_key"`);
    await queryRunner.query(`DROP TABLE "intervention_price"`);
    await queryRunner.query(`DROP INDEX "public"."venue_pcc_area_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."venue_intervention_id_idx"`);
    await queryRunner.query(`DROP TABLE "venue"`);
    await queryRunner.query(`DROP INDEX "public"."intervention_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."intervention_provider_id_idx"`);
    await queryRunner.query(`DROP TABLE "intervention"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_contract_package_area_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_kind_idx"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_name_lower_key"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP INDEX "public"."audit_event_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_event_organisation_id_idx"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
