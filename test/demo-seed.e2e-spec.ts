import { EntityManager } from 'typeorm';
import { eligibilityFailures, EligibilityRule, PersonProfile } from '../src/catalogue/eligibility';
import { Role } from '../src/auth/role';
import { Adaptation } from '../src/catalogue/catalogue.enums';
import { GapStatus } from '../src/commissioning/gap-rules';
import { ReportsService } from '../src/commissioning/reports.service';
import { ReviewService } from '../src/commissioning/review.service';
import { ReferenceService } from '../src/reference/reference.service';
import { GAP_AREA, GAP_FACTOR, THIN_AREA } from '../src/demo/demo-content';
import { DEMO_ACTOR, DemoSeeder, DemoSeedResult } from '../src/demo/demo-seeder';
import { findInconsistencies } from '../src/health/consistency';
import { rebuildContributionAggregates } from '../src/outcomes/outcomes.service';
import { financialYearOf } from '../src/referrals/financial-year';
import { ReferralStatus } from '../src/referrals/referral-status';
import { startApp, TestApp } from './support/test-app';

/**
 * The demo market, written to the real database. Test files share one database, so every
 * seeding here runs in a transaction that is rolled back: the other files' data is never
 * touched, and the demo rows never outlive the test.
 */
// Each test seeds the whole demo market (and rolls it back): seconds on a quiet machine, minutes
// on a loaded one, so more than the default minute.
jest.setTimeout(300_000);

describe('Demo market seed (e2e)', () => {
  let t: TestApp;
  let seeder: DemoSeeder;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-05-15');
    seeder = t.app.get(DemoSeeder);
  });

  afterAll(() => t.close());

  class RollBack extends Error {}

  /** Seeds in a transaction, hands it to `inspect`, then rolls everything back. */
  async function seedAndRollBack<T>(
    inspect: (m: EntityManager, result: DemoSeedResult) => Promise<T>,
  ): Promise<T> {
    let inspected: { value: T } | undefined;
    try {
      await t.dataSource.transaction(async (m) => {
        const result = await seeder.seed(m);
        inspected = { value: await inspect(m, result) };
        throw new RollBack();
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error; // a failed assertion, reported as such
    }
    return inspected!.value;
  }

  /** Rows of a query, as plain objects. */
  async function rows<R>(m: EntityManager, sql: string, params: unknown[] = []): Promise<R[]> {
    return m.query<R[]>(sql, params);
  }

  /** Everything a user would notice, in the order the seeder wrote it. */
  async function fingerprint(m: EntityManager, ids: string[]): Promise<string[]> {
    const found = await rows<{ line: string }>(
      m,
      `SELECT concat_ws(' | ', o.name, i.title, i.status, array_to_string(i.factors, ','),
                array_to_string(i.coverage, ','), i.capacity,
                (SELECT string_agg(v.postcode, ',' ORDER BY v.position) FROM venue v WHERE v.intervention_id = i.id),
                (SELECT string_agg(p.amount_pence || '@' || p.effective_from, ',' ORDER BY p.effective_from)
                   FROM intervention_price p WHERE p.intervention_id = i.id)) AS line
         FROM audit_event a
         JOIN intervention i ON i.id = a.entity_id
         JOIN organisation o ON o.id = i.provider_id
        WHERE a.actor_id = $1 AND a.action = 'SEEDED' AND i.provider_id = ANY($2)
        ORDER BY a.sequence`,
      [DEMO_ACTOR.id, ids],
    );
    return found.map((r) => r.line);
  }

  it('seeds a whole market in one transaction, leaving the shared database as it was', async () => {
    // The Police and Crime Commissioners are reference data (a migration adds them).
    const organisationsBefore = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM organisation WHERE kind <> 'PCC'`,
    );
    const emptyBefore = await seeder.isEmpty();
    expect(emptyBefore).toBe((organisationsBefore as { n: number }[])[0].n === 0);

    const checked = await seedAndRollBack(async (m, result) => {
      expect(await seeder.isEmpty(m)).toBe(false);
      const ids = result.organisationIds;

      const kinds = await rows<{ kind: string; n: number }>(
        m,
        `SELECT kind, count(*)::int AS n FROM organisation WHERE id = ANY($1) GROUP BY kind`,
        [ids],
      );
      const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
      expect(ids.length).toBeGreaterThanOrEqual(55);
      expect(ids.length).toBeLessThanOrEqual(65);
      expect(byKind).toEqual({ CRC: 21, VOLUNTARY_SECTOR: 25, PRIVATE: 8, PUBLIC_SECTOR: 6 });
      const crcs = await rows<{ n: number }>(
        m,
        `SELECT count(DISTINCT contract_package_area_code)::int AS n FROM organisation
          WHERE id = ANY($1) AND kind = 'CRC' AND crc_owner IS NOT NULL AND name LIKE '% CRC'`,
        [ids],
      );
      expect(crcs[0].n).toBe(21);

      const [counts] = await rows<Record<string, number>>(
        m,
        `SELECT count(*)::int AS interventions,
                count(*) FILTER (WHERE status = 'PUBLISHED')::int AS published,
                count(*) FILTER (WHERE status = 'SUSPENDED')::int AS suspended,
                count(*) FILTER (WHERE status = 'DRAFT')::int AS draft,
                count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn,
                count(*) FILTER (WHERE last_confirmed_at < $2::timestamptz - interval '90 days')::int AS stale
           FROM intervention WHERE provider_id = ANY($1)`,
        [ids, t.clock.now()],
      );
      expect(counts.interventions).toBeGreaterThanOrEqual(550);
      expect(counts.interventions).toBe(result.interventions);
      expect(counts.published).toBe(result.byStatus.PUBLISHED);
      expect(counts.suspended).toBeGreaterThan(0);
      expect(counts.draft).toBeGreaterThan(0);
      expect(counts.withdrawn).toBeGreaterThan(0);
      expect(counts.stale).toBeGreaterThan(0);
      expect(counts.stale).toBe(result.stale);

      // Every PCC area has at least one published listing, by venue or by coverage.
      const uncovered = await rows<{ code: string }>(
        m,
        `SELECT p.code FROM pcc_area p
          WHERE NOT EXISTS (
            SELECT 1 FROM intervention i
             WHERE i.provider_id = ANY($1) AND i.status = 'PUBLISHED'
               AND (p.code = ANY(i.coverage)
                    OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = p.code)))`,
        [ids],
      );
      expect(uncovered).toEqual([]);
      const areas = await rows<{ n: number }>(m, `SELECT count(*)::int AS n FROM pcc_area`);
      expect(areas[0].n).toBe(42);

      // The deliberate gap: no accommodation listing of any status reaches the gap area, the
      // only area without one.
      const perArea = await rows<{ code: string; n: number }>(
        m,
        `SELECT p.code, count(i.id)::int AS n FROM pcc_area p
           LEFT JOIN intervention i ON i.provider_id = ANY($1) AND $2 = ANY(i.factors)
                AND (p.code = ANY(i.coverage)
                     OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = p.code))
          GROUP BY p.code`,
        [ids, GAP_FACTOR],
      );
      const gapCounts = new Map(perArea.map((r) => [r.code, r.n]));
      expect(gapCounts.get(GAP_AREA)).toBe(0);
      expect([...gapCounts].filter(([, n]) => n === 0).map(([code]) => code)).toEqual([GAP_AREA]);

      // The thin area: reached by a handful of published listings, far fewer than any other.
      const reach = await rows<{ code: string; n: number }>(
        m,
        `SELECT p.code, count(i.id)::int AS n FROM pcc_area p
           JOIN intervention i ON i.provider_id = ANY($1) AND i.status = 'PUBLISHED'
                AND (p.code = ANY(i.coverage)
                     OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = p.code))
          GROUP BY p.code ORDER BY n, p.code`,
        [ids],
      );
      expect(reach[0].code).toBe(THIN_AREA);
      expect(reach[0].n).toBeLessThan(reach[1].n / 3);

      const factors = await rows<{ factor: string }>(
        m,
        `SELECT DISTINCT unnest(factors) AS factor FROM intervention WHERE provider_id = ANY($1)`,
        [ids],
      );
      expect(factors).toHaveLength(12);

      // Every published listing can be bought today: it has a price in force.
      const unpriced = await rows<{ id: string }>(
        m,
        `SELECT i.id FROM intervention i
          WHERE i.provider_id = ANY($1) AND i.status = 'PUBLISHED'
            AND NOT EXISTS (SELECT 1 FROM intervention_price p
                             WHERE p.intervention_id = i.id AND p.effective_from <= $2::date
                               AND (p.effective_to IS NULL OR p.effective_to >= $2::date))`,
        [ids, t.clock.today()],
      );
      expect(unpriced).toEqual([]);
      const openVersions = await rows<{ n: number }>(
        m,
        `SELECT count(*)::int AS n FROM intervention_price p JOIN intervention i ON i.id = p.intervention_id
          WHERE i.provider_id = ANY($1) AND p.effective_to IS NULL`,
        [ids],
      );
      expect(openVersions[0].n).toBe(result.interventions);

      return fingerprint(m, ids);
    });
    expect(checked.length).toBeGreaterThanOrEqual(550);

    expect(
      await t.dataSource.query(`SELECT count(*)::int AS n FROM organisation WHERE kind <> 'PCC'`),
    ).toEqual(organisationsBefore);
    expect(await seeder.isEmpty()).toBe(emptyBefore);

    // Determinism: a second seeding writes the same market, in the same order.
    const second = await seedAndRollBack((m, result) => fingerprint(m, result.organisationIds));
    expect(second).toEqual(checked);
  });

  /** The demo's referrals (its providers', bought by its purchasers), in the order written. */
  const DEMO_REFERRALS = `FROM referral r WHERE r.provider_id = ANY($1) AND r.created_by LIKE 'demo-purchaser-%'`;

  it('seeds a history of purchasing that adds up: referrals, budgets, places, outcomes, demand', async () => {
    const budgetsBefore = await rows<{
      key: string;
      committed: string;
      spent: string;
      outcome_spent: string;
    }>(
      t.dataSource.manager,
      `SELECT division_code || '/' || financial_year AS key, committed_pence::text AS committed,
              spent_pence::text AS spent, outcome_payments_spent_pence::text AS outcome_spent
         FROM division_budget`,
    );
    const before = new Map(budgetsBefore.map((b) => [b.key, b]));
    const year = financialYearOf(t.clock.today());

    const checked = await seedAndRollBack(async (m, result) => {
      const ids = result.organisationIds;
      expect(result.referrals).toBeGreaterThanOrEqual(1500);
      expect(result.referrals).toBeLessThanOrEqual(2500);

      // Every status, most finished ones completed; reasons where the status needs one.
      const statuses = await rows<{ status: string; n: number }>(
        m,
        `SELECT status, count(*)::int AS n ${DEMO_REFERRALS} GROUP BY status`,
        [ids],
      );
      const byStatus = Object.fromEntries(statuses.map((x) => [x.status, x.n]));
      for (const status of Object.values(ReferralStatus))
        expect(byStatus[status]).toBeGreaterThan(0);
      expect(byStatus).toEqual(result.referralsByStatus);
      expect(byStatus.COMPLETED).toBeGreaterThan(byStatus.ENDED_EARLY * 2);

      const referrals = await rows<{
        id: string;
        status: string;
        crn: string;
        person_sex: string;
        person_age: number;
        person_risk_level: string;
        person_supervision_type: string;
        target_factors: string[];
        factors: string[];
        sexes: string[];
        min_age: number | null;
        max_age: number | null;
        risk_levels: string[];
        supervision_types: string[];
        listing_status: string;
        bought: string;
        financial_year: number;
        total_pence: string;
        price_amount_pence: string;
        units: number;
        price_in_force: string | null;
        accepted_at: Date | null;
        started_on: string | null;
        completed_at: Date | null;
        created_at: Date;
        sessions_offered: number | null;
        changes: { status: string; at: string; reason: string | null }[];
      }>(
        m,
        `SELECT r.id, r.status, r.crn, r.person_sex, r.person_age, r.person_risk_level, r.person_supervision_type,
                r.target_factors, i.factors, i.sexes, i.min_age, i.max_age, i.risk_levels, i.supervision_types,
                i.status AS listing_status, to_char(r.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS bought,
                r.financial_year, r.total_pence::text, r.price_amount_pence::text, r.units,
                (SELECT p.amount_pence::text FROM intervention_price p WHERE p.intervention_id = i.id
                    AND p.effective_from <= (r.created_at AT TIME ZONE 'Europe/London')::date
                    AND (p.effective_to IS NULL OR p.effective_to >= (r.created_at AT TIME ZONE 'Europe/London')::date)) AS price_in_force,
                r.accepted_at, to_char(r.started_on, 'YYYY-MM-DD') AS started_on, r.completed_at, r.created_at,
                r.sessions_offered,
                (SELECT json_agg(json_build_object('status', c.status, 'at', c.at, 'reason', c.reason) ORDER BY c.sequence)
                   FROM referral_status_change c WHERE c.referral_id = r.id) AS changes
           FROM referral r JOIN intervention i ON i.id = r.intervention_id
          WHERE r.provider_id = ANY($1) AND r.created_by LIKE 'demo-purchaser-%'
          ORDER BY r.idempotency_key`,
        [ids],
      );
      expect(referrals).toHaveLength(result.referrals);
      const needsReason = ['DECLINED', 'ENDED_EARLY', 'CANCELLED'];
      for (const r of referrals) {
        const rule: EligibilityRule = {
          sexes: r.sexes,
          minAge: r.min_age,
          maxAge: r.max_age,
          riskLevels: r.risk_levels,
          supervisionTypes: r.supervision_types,
        } as EligibilityRule;
        const person = {
          sex: r.person_sex,
          age: r.person_age,
          riskLevel: r.person_risk_level,
          supervisionType: r.person_supervision_type,
        } as PersonProfile;
        expect([r.crn, eligibilityFailures(rule, person)]).toEqual([r.crn, []]);
        expect(r.target_factors.every((f) => r.factors.includes(f))).toBe(true);
        expect(r.listing_status).not.toBe('DRAFT');
        expect(r.financial_year).toBe(financialYearOf(r.bought));
        expect(r.price_amount_pence).toBe(r.price_in_force);
        expect(BigInt(r.total_pence)).toBe(BigInt(r.price_amount_pence) * BigInt(r.units));
        // A change per step, in order, ending at the status; reasons where needed.
        const steps = r.changes.map((c) => c.status);
        expect(steps[0]).toBe('SUBMITTED');
        expect(steps[steps.length - 1]).toBe(r.status);
        expect(new Date(r.changes[0].at).getTime()).toBe(new Date(r.created_at).getTime());
        for (let i = 1; i < r.changes.length; i += 1) {
          expect(new Date(r.changes[i].at).getTime()).toBeGreaterThan(
            new Date(r.changes[i - 1].at).getTime(),
          );
        }
        for (const c of r.changes) expect(c.reason !== null).toBe(needsReason.includes(c.status));
        const started = ['STARTED', 'COMPLETED', 'ENDED_EARLY'].includes(r.status);
        expect(r.accepted_at !== null).toBe(started || steps.includes('ACCEPTED'));
        expect(r.started_on !== null).toBe(started);
        expect(r.sessions_offered !== null).toBe(started);
        expect(r.completed_at !== null).toBe(
          r.status === 'COMPLETED' || r.status === 'ENDED_EARLY',
        );
        if (r.started_on) {
          expect(r.started_on >= r.bought).toBe(true);
          expect(r.started_on < t.clock.today()).toBe(true);
          expect(new Date(r.accepted_at!).getTime()).toBeGreaterThan(
            new Date(r.created_at).getTime(),
          );
        }
        if (r.completed_at) {
          expect(new Date(r.completed_at).getTime()).toBeGreaterThan(
            new Date(`${r.started_on}T00:00:00Z`).getTime(),
          );
        }
      }

      // Budgets for every division, this year and last, adding up to the penny (the referrals a
      // funding pot paid for are the pot's).
      const budgets = await rows<{
        key: string;
        allocated: string;
        committed: string;
        spent: string;
        outcome_spent: string;
        live: string;
        done: string;
        earned: string;
      }>(
        m,
        // Committed: live fees, plus the most the outcome payments can come to until a report
        // settles them (also on ended referrals whose report is due). Spent: finished fees plus
        // outcome payments earned, which are also counted on their own.
        `SELECT b.division_code || '/' || b.financial_year AS key, b.allocated_pence::text AS allocated,
                b.committed_pence::text AS committed, b.spent_pence::text AS spent,
                b.outcome_payments_spent_pence::text AS outcome_spent,
                (SELECT COALESCE(sum(CASE WHEN r.status IN ('SUBMITTED', 'ACCEPTED', 'STARTED') THEN r.total_pence ELSE 0 END
                                   + CASE WHEN (r.status IN ('SUBMITTED', 'ACCEPTED', 'STARTED') OR r.end_of_service_report_due)
                                           AND r.end_of_service_report_at IS NULL THEN r.outcome_payment_max_pence ELSE 0 END), 0)::text
                   ${DEMO_REFERRALS} AND r.funding_pot_id IS NULL AND r.division_code = b.division_code AND r.financial_year = b.financial_year) AS live,
                (SELECT COALESCE(sum(r.total_pence), 0)::text ${DEMO_REFERRALS} AND r.funding_pot_id IS NULL AND r.division_code = b.division_code
                    AND r.financial_year = b.financial_year AND r.status IN ('COMPLETED', 'ENDED_EARLY')) AS done,
                (SELECT COALESCE(sum(r.outcome_payment_earned_pence), 0)::text ${DEMO_REFERRALS} AND r.funding_pot_id IS NULL AND r.division_code = b.division_code
                    AND r.financial_year = b.financial_year) AS earned
           FROM division_budget b WHERE b.financial_year IN ($2, $3) ORDER BY key`,
        [ids, year - 1, year],
      );
      expect(budgets).toHaveLength(14);
      for (const b of budgets) {
        const was = before.get(b.key);
        expect([b.key, BigInt(b.committed) - BigInt(was?.committed ?? 0)]).toEqual([
          b.key,
          BigInt(b.live),
        ]);
        expect([b.key, BigInt(b.spent) - BigInt(was?.spent ?? 0)]).toEqual([
          b.key,
          BigInt(b.done) + BigInt(b.earned),
        ]);
        expect([b.key, BigInt(b.outcome_spent) - BigInt(was?.outcome_spent ?? 0)]).toEqual([
          b.key,
          BigInt(b.earned),
        ]);
        if (!was) expect(Number(b.allocated)).toBeGreaterThanOrEqual(150_000_000);
      }
      // Joint commissioning: one Police and Crime Commissioner co-funds accommodation in its
      // area; the pot paid for some referrals, and its money is theirs to the penny.
      expect(result.fundingPots).toBe(1);
      expect(result.fundingPotReferrals).toBeGreaterThan(0);
      const pots = await rows<{
        funder: string;
        needs: string[];
        areas: string[];
        total: string;
        committed: string;
        spent: string;
        referrals: number;
        live: string;
        done: string;
        earned: string;
      }>(
        m,
        `SELECT o.name AS funder, p.needs, p.pcc_area_codes AS areas, p.total_pence::text AS total,
                p.committed_pence::text AS committed, p.spent_pence::text AS spent,
                (SELECT count(*)::int ${DEMO_REFERRALS} AND r.funding_pot_id = p.id) AS referrals,
                (SELECT COALESCE(sum(CASE WHEN r.status IN ('SUBMITTED', 'ACCEPTED', 'STARTED') THEN r.total_pence ELSE 0 END
                                   + CASE WHEN (r.status IN ('SUBMITTED', 'ACCEPTED', 'STARTED') OR r.end_of_service_report_due)
                                           AND r.end_of_service_report_at IS NULL THEN r.outcome_payment_max_pence ELSE 0 END), 0)::text
                   ${DEMO_REFERRALS} AND r.funding_pot_id = p.id) AS live,
                (SELECT COALESCE(sum(r.total_pence), 0)::text ${DEMO_REFERRALS} AND r.funding_pot_id = p.id
                    AND r.status IN ('COMPLETED', 'ENDED_EARLY')) AS done,
                (SELECT COALESCE(sum(r.outcome_payment_earned_pence), 0)::text ${DEMO_REFERRALS} AND r.funding_pot_id = p.id) AS earned
           FROM funding_pot p
           JOIN funding_pot_funder f ON f.pot_id = p.id
           JOIN organisation o ON o.id = f.organisation_id AND o.kind = 'PCC' AND o.pcc_area_code = p.pcc_area_codes[1]
          WHERE p.created_by = $2`,
        [ids, DEMO_ACTOR.id],
      );
      // The demo's one pot (in the year a chain's accommodation service was last bought).
      expect(pots).toHaveLength(1);
      const [pot] = pots;
      expect(pot.funder).toMatch(/^Police and Crime Commissioner for /);
      expect(pot.needs).toEqual(['ACCOMMODATION']);
      expect(pot.referrals).toBe(result.fundingPotReferrals);
      expect(BigInt(pot.committed)).toBe(BigInt(pot.live));
      expect(BigInt(pot.spent)).toBe(BigInt(pot.done) + BigInt(pot.earned));
      expect(BigInt(pot.committed) + BigInt(pot.spent)).toBeLessThanOrEqual(BigInt(pot.total));

      const london = budgets.find((b) => b.key === `LDN/${year}`)!;
      const wales = budgets.find((b) => b.key === `WAL/${year}`)!;
      if (!before.has(london.key) && !before.has(wales.key))
        expect(Number(london.allocated)).toBeGreaterThan(Number(wales.allocated));

      // Places held are the live referrals, never more than capacity.
      const places = await rows<{ id: string; held: number; capacity: number; live: number }>(
        m,
        `SELECT i.id, i.places_held AS held, i.capacity,
                (SELECT count(*)::int FROM referral r WHERE r.intervention_id = i.id
                    AND r.status IN ('SUBMITTED', 'ACCEPTED', 'STARTED')) AS live
           FROM intervention i WHERE i.provider_id = ANY($1)`,
        [ids],
      );
      for (const p of places) {
        expect([p.id, p.held]).toEqual([p.id, p.live]);
        expect(p.held).toBeLessThanOrEqual(p.capacity);
      }

      // Outcomes on finished referrals, one judgement per target factor, by the buyer.
      const [outcomes] = await rows<{ n: number; bad: number }>(
        m,
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE r.status NOT IN ('COMPLETED', 'ENDED_EARLY') OR o.recorded_by <> r.created_by
                   OR o.recorded_at <= r.completed_at OR o.provider_id <> r.provider_id
                   OR (SELECT array_agg(j.factor ORDER BY j.factor) FROM outcome_factor_judgement j WHERE j.outcome_id = o.id)
                      IS DISTINCT FROM (SELECT array_agg(f ORDER BY f) FROM unnest(r.target_factors) f))::int AS bad
           FROM outcome o JOIN referral r ON r.id = o.referral_id WHERE r.provider_id = ANY($1)`,
        [ids],
      );
      expect(outcomes.n).toBe(result.outcomes);
      expect(outcomes.n).toBeGreaterThan((byStatus.COMPLETED + byStatus.ENDED_EARLY) / 2);
      expect(outcomes.bad).toBe(0);

      // The aggregates are what a rebuild makes of the outcomes.
      const aggregates = () =>
        rows(
          m,
          `SELECT scope, scope_id, factor, judged, sufficient, outcomes, risk_of_harm_focus_applicable,
                  risk_of_harm_focus_sufficient, information_for_review_applicable,
                  information_for_review_sufficient, reports, achievement_rate_micros
             FROM contribution_aggregate ORDER BY scope, scope_id, factor`,
        );
      const seeded = await aggregates();
      expect(seeded.length).toBe(result.aggregateRows);
      await rebuildContributionAggregates(m);
      expect(await aggregates()).toEqual(seeded);

      // Delivery: sessions behind the counts, the first attended one starting the referral;
      // reports where a referral finished; desired outcomes covering the target factors;
      // a timeline for every referral.
      const [delivery] = await rows<Record<string, number>>(
        m,
        `WITH r AS (SELECT r.* ${DEMO_REFERRALS}),
              s AS (SELECT s.referral_id, count(*) FILTER (WHERE s.feedback_at IS NOT NULL)::int AS offered,
                           count(*) FILTER (WHERE s.session_happened AND s.attended <> 'NO')::int AS attended,
                           min(s.starts_at) FILTER (WHERE s.session_happened AND s.attended <> 'NO') AS first_attended,
                           count(*) FILTER (WHERE s.attended = 'NO')::int AS missed
                      FROM delivery_session s WHERE s.referral_id IN (SELECT id FROM r) GROUP BY s.referral_id)
         SELECT
           (SELECT count(*) FROM r LEFT JOIN s ON s.referral_id = r.id
             WHERE COALESCE(r.sessions_offered, 0) <> COALESCE(s.offered, 0)
                OR COALESCE(r.sessions_attended, 0) <> COALESCE(s.attended, 0)
                OR (r.started_on IS NOT NULL) <> (COALESCE(s.attended, 0) > 0)
                OR r.started_on <> (s.first_attended AT TIME ZONE 'Europe/London')::date)::int AS bad_sessions,
           (SELECT count(*) FROM r WHERE (r.status = 'COMPLETED' AND r.end_of_service_report_at IS NULL)
                OR (r.status = 'ENDED_EARLY' AND r.end_of_service_report_at IS NULL AND NOT r.end_of_service_report_due)
                OR (r.end_of_service_report_at IS NOT NULL) <> EXISTS (SELECT 1 FROM end_of_service_report e WHERE e.referral_id = r.id))::int AS bad_reports,
           (SELECT count(*) FROM end_of_service_report e JOIN r ON r.id = e.referral_id
             WHERE e.earned_pence <> r.outcome_payment_earned_pence
                OR (SELECT array_agg(o.desired_outcome_id ORDER BY o.desired_outcome_id) FROM end_of_service_outcome o WHERE o.report_id = e.id)
                   IS DISTINCT FROM (SELECT array_agg(d.desired_outcome_id ORDER BY d.desired_outcome_id) FROM referral_desired_outcome d WHERE d.referral_id = r.id))::int AS bad_rows,
           (SELECT count(*) FROM r WHERE r.outcome_payment_max_pence <> r.outcome_payment_pence * (SELECT count(*) FROM referral_desired_outcome d WHERE d.referral_id = r.id)
                OR EXISTS (SELECT 1 FROM unnest(r.target_factors) f WHERE NOT EXISTS (SELECT 1 FROM referral_desired_outcome d WHERE d.referral_id = r.id AND d.factor = f))
                OR EXISTS (SELECT 1 FROM referral_desired_outcome d WHERE d.referral_id = r.id AND NOT d.factor = ANY(r.target_factors)))::int AS bad_aims,
           (SELECT count(*) FROM r WHERE NOT EXISTS (SELECT 1 FROM referral_timeline_event e WHERE e.referral_id = r.id AND e.type = 'REFERRAL_SENT' AND e.at = r.created_at)
                OR EXISTS (SELECT 1 FROM (SELECT e.at, lag(e.at) OVER (ORDER BY e.sequence) AS before FROM referral_timeline_event e WHERE e.referral_id = r.id) x WHERE x.at < x.before))::int AS bad_timelines,
           (SELECT COALESCE(sum(missed), 0) FROM s)::int AS missed,
           (SELECT count(*) FROM delivery_session_reschedule x JOIN delivery_session s ON s.id = x.session_id WHERE s.referral_id IN (SELECT id FROM r))::int AS moved,
           (SELECT count(*) FROM action_plan p WHERE p.referral_id IN (SELECT id FROM r))::int AS plans,
           (SELECT count(*) FROM r WHERE r.outcome_payment_earned_pence > 0)::int AS paid,
           (SELECT count(*) FROM r WHERE r.end_of_service_report_due)::int AS due`,
        [ids],
      );
      expect(delivery).toMatchObject({
        bad_sessions: 0,
        bad_reports: 0,
        bad_rows: 0,
        bad_aims: 0,
        bad_timelines: 0,
      });
      expect(delivery.missed).toBeGreaterThan(100);
      expect(delivery.moved).toBeGreaterThan(50);
      expect(delivery.plans).toBe(result.actionPlans);
      expect(delivery.paid).toBeGreaterThan(50);
      expect(result.endOfServiceReports).toBeGreaterThan(byStatus.COMPLETED);

      // Providers differ visibly.
      const scores = await rows<{ rate: number; rof: number }>(
        m,
        `SELECT sufficient::float8 / judged AS rate,
                risk_of_harm_focus_sufficient::float8 / NULLIF(risk_of_harm_focus_applicable, 0) AS rof
           FROM contribution_aggregate
          WHERE scope = 'PROVIDER' AND factor = '*' AND scope_id = ANY($1) AND judged >= 20`,
        [ids],
      );
      expect(scores.length).toBeGreaterThanOrEqual(5);
      const rates = scores.map((x) => x.rate);
      expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.15);

      // Demand, with the gap: accommodation searches in the gap area found nothing.
      const [demand] = await rows<{ n: number; gap: number; gapFound: number; thin: number }>(
        m,
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE pcc_area_code = $1 AND $2 = ANY(factors))::int AS gap,
                count(*) FILTER (WHERE pcc_area_code = $1 AND $2 = ANY(factors) AND result_count > 0)::int AS "gapFound",
                COALESCE(max(result_count) FILTER (WHERE pcc_area_code = $3), 0)::int AS thin
           FROM search_demand WHERE 'PURCHASER' = ANY(caller_roles) AND division_code = area_division_code
            AND filters ->> 'pccAreaCode' = pcc_area_code`,
        [GAP_AREA, GAP_FACTOR, THIN_AREA],
      );
      expect(demand.n).toBeGreaterThanOrEqual(result.searches);
      expect(result.searches).toBeGreaterThanOrEqual(3000);
      expect(demand.gap).toBeGreaterThan(0);
      expect(demand.gapFound).toBe(0);
      expect(demand.thin).toBeLessThan(10);

      return referrals.map((r) => `${r.crn} ${r.status}`);
    });

    // Determinism: the same referrals, in the same order.
    const second = await seedAndRollBack(async (m, result) =>
      (
        await rows<{ line: string }>(
          m,
          `SELECT r.crn || ' ' || r.status AS line ${DEMO_REFERRALS} ORDER BY r.idempotency_key`,
          [result.organisationIds],
        )
      ).map((r) => r.line),
    );
    expect(second).toEqual(checked);
  });

  it("shows its deliberate gap in the commissioners' report, where the README points", async () => {
    const reports = t.app.get(ReportsService);
    const national = { id: 'commissioner', name: 'Test', roles: [Role.COMMISSIONER] };
    // Reference data is read once per process: read it now, as the seeding transaction will
    // hold the embedded database's only connection.
    await t.app.get(ReferenceService).data();
    await seedAndRollBack(async (m, result) => {
      // Each demo referral is counted in an area of the division that bought it.
      const [misplaced] = await rows<{ n: number }>(
        m,
        `SELECT count(*)::int AS n FROM referral r
           JOIN pcc_area p ON p.code = r.pcc_area_code
           JOIN contract_package_area c ON c.code = p.contract_package_area_code
          WHERE r.provider_id = ANY($1) AND c.division_code <> r.division_code`,
        [result.organisationIds],
      );
      expect(misplaced.n).toBe(0);

      const [gap] = await reports.provisionGaps(
        national,
        { pccAreaCode: GAP_AREA, factors: [GAP_FACTOR], from: '2025-04-01', to: '2026-05-15' },
        m,
      );
      expect(gap).toMatchObject({
        publishedInterventions: 0,
        availabilityRate: 0,
        gap: GapStatus.GAP,
      });
      expect(gap.searches).toBeGreaterThan(0);
      expect(gap.searchesWithNoResult).toBe(gap.searches);

      // Elsewhere accommodation is mostly served: the gap stands out.
      const accommodation = await reports.provisionGaps(
        national,
        { factors: [GAP_FACTOR], from: '2025-04-01', to: '2026-05-15' },
        m,
      );
      const served = accommodation.filter((row) => row.gap === GapStatus.NONE).length;
      expect(served / accommodation.length).toBeGreaterThan(0.75);
    });
  });

  it('flags unused CRC listings and a women-only service at risk (issue 19)', async () => {
    const review = t.app.get(ReviewService);
    const national = { id: 'commissioner', name: 'Test', roles: [Role.COMMISSIONER] };
    await t.app.get(ReferenceService).data();
    await seedAndRollBack(async (m, result) => {
      // Issue 19: every CRC listing on sale has its rationale; the review flags unused listings;
      // a women-only service that is the only one of its kind in an area is at risk.
      const [unjustified] = await rows<{ n: number }>(
        m,
        `SELECT count(*)::int AS n FROM intervention i JOIN organisation o ON o.id = i.provider_id
          WHERE o.id = ANY($1) AND o.kind = 'CRC' AND i.status IN ('PUBLISHED', 'SUSPENDED')
            AND i.rationale IS NULL`,
        [result.organisationIds],
      );
      expect(unjustified.n).toBe(0);
      const crcs = await rows<{ id: string }>(
        m,
        `SELECT id FROM organisation WHERE id = ANY($1) AND kind = 'CRC' ORDER BY name`,
        [result.organisationIds],
      );
      const verdicts = new Set<string>();
      for (const crc of crcs.slice(0, 5)) {
        const card = await review.rateCardReview(national, { providerId: crc.id }, m);
        card.forEach((row) => verdicts.add(row.verdict));
      }
      expect(verdicts).toContain('UNUSED');
      expect(verdicts).toContain('USED');
      const atRisk = await review.servicesAtRisk(national, {}, m);
      expect(atRisk.some((row) => row.onlyWithAdaptations.includes(Adaptation.WOMEN_ONLY))).toBe(
        true,
      );
    });
  });

  it('opens the market a little: open prices, declarations (one due soon) and applications in three states', async () => {
    await seedAndRollBack(async (m, result) => {
      const [prices] = await rows<{ n: number }>(
        m,
        `SELECT count(*)::int AS n FROM organisation WHERE id = ANY($1) AND publish_prices_openly`,
        [result.organisationIds],
      );
      expect(prices.n).toBeGreaterThanOrEqual(5);
      const soon = await rows<{ expires_on: string }>(
        m,
        `SELECT expires_on::text FROM organisation_declaration
          WHERE organisation_id = ANY($1) AND kind = 'SAFEGUARDING_POLICY' AND expires_on <= $2`,
        [result.organisationIds, '2026-05-29'],
      );
      expect(soon).toEqual([{ expires_on: '2026-05-24' }]);
      const applications = await rows<{ status: string; steps: number }>(
        m,
        `SELECT a.status, (SELECT count(*)::int FROM audit_event e WHERE e.entity_id = a.id) AS steps
           FROM framework_application a WHERE a.applicant_id LIKE 'demo-applicant-%' ORDER BY a.submitted_at`,
      );
      expect(applications).toEqual([
        { status: 'REJECTED', steps: 2 },
        { status: 'CHANGES_REQUESTED', steps: 2 },
        { status: 'SUBMITTED', steps: 1 },
      ]);
    });
  });

  it('builds two CRC chains with voluntary-sector subcontractors, their women-only service at risk, and referrals the subcontractors deliver', async () => {
    // The reference data read before the seeding transaction holds the embedded database's one
    // connection (services at risk reads it).
    await t.app.get(ReferenceService).data();
    await seedAndRollBack(async (m, result) => {
      const subcontracts = await rows<{
        prime_kind: string;
        sub_kind: string;
        prime_id: string;
        ends_on: string;
        listings: number;
      }>(
        m,
        `SELECT p.kind AS prime_kind, s.kind AS sub_kind, c.prime_id, c.ends_on::text,
                (SELECT count(*)::int FROM intervention i WHERE i.subcontract_id = c.id
                   AND i.delivered_by_id = c.subcontractor_id AND i.provider_id = c.prime_id) AS listings
           FROM subcontract c JOIN organisation p ON p.id = c.prime_id
           JOIN organisation s ON s.id = c.subcontractor_id
          WHERE c.prime_id = ANY($1) ORDER BY c.reference`,
        [result.organisationIds],
      );
      expect(subcontracts.length).toBeGreaterThanOrEqual(3);
      expect(new Set(subcontracts.map((c) => c.prime_id)).size).toBe(2);
      for (const c of subcontracts) {
        expect(c).toMatchObject({ prime_kind: 'CRC', sub_kind: 'VOLUNTARY_SECTOR' });
        expect(c.listings).toBeGreaterThan(0);
      }
      // One ends within 60 days of the demo's today (2026-05-15).
      expect(subcontracts.filter((c) => c.ends_on <= '2026-07-14')).toHaveLength(1);

      // A women-only service delivered by a subcontractor, the only published women-only
      // listing for its needs in its areas.
      const [women] = await rows<{ id: string; alone: boolean }>(
        m,
        `SELECT i.id, NOT EXISTS (
                  SELECT 1 FROM intervention o
                   WHERE o.id <> i.id AND o.status = 'PUBLISHED' AND 'WOMEN_ONLY' = ANY(o.adaptations)
                     AND o.factors && i.factors AND o.coverage && i.coverage) AS alone
           FROM intervention i
          WHERE i.provider_id = ANY($1) AND i.delivered_by_id IS NOT NULL
            AND 'WOMEN_ONLY' = ANY(i.adaptations) AND i.status = 'PUBLISHED'`,
        [result.organisationIds],
      );
      expect(women).toMatchObject({ alone: true });
      // Its subcontract ends within 90 days: a service at risk for that reason (issue 19, 3).
      const atRisk = await t.app
        .get(ReviewService)
        .servicesAtRisk({ id: 'commissioner', name: 'Test', roles: [Role.COMMISSIONER] }, {}, m);
      expect(
        atRisk.filter((row) => row.interventionId === women.id).map((row) => row.reasons),
      ).toContainEqual(expect.arrayContaining(['SUBCONTRACT_ENDING']));

      // Their referrals are delivered by the subcontractor, and the scores add up.
      const [delivered] = await rows<{ n: number; wrong: number }>(
        m,
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE r.delivered_by_id IS DISTINCT FROM i.delivered_by_id)::int AS wrong
           FROM referral r JOIN intervention i ON i.id = r.intervention_id
          WHERE i.provider_id = ANY($1) AND i.delivered_by_id IS NOT NULL`,
        [result.organisationIds],
      );
      expect(delivered.n).toBeGreaterThan(0);
      expect(delivered.wrong).toBe(0);
      // Some of them were paid from the Police and Crime Commissioner's pot (issue 19's demo).
      const [fromPot] = await rows<{ n: number; funder: string }>(
        m,
        `SELECT count(*)::int AS n, min(o.name) AS funder
           FROM referral r JOIN intervention i ON i.id = r.intervention_id
           JOIN funding_pot_funder f ON f.pot_id = r.funding_pot_id
           JOIN organisation o ON o.id = f.organisation_id
          WHERE i.provider_id = ANY($1) AND r.delivered_by_id IS NOT NULL`,
        [result.organisationIds],
      );
      expect(fromPot.n).toBeGreaterThan(0);
      expect(fromPot.funder).toMatch(/^Police and Crime Commissioner for /);
      const problems = await findInconsistencies(m);
      expect(problems.filter((p) => p.rule === 'contribution_aggregate')).toEqual([]);
    });
  });
});
