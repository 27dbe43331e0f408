/**
 * npm run seed:bench — a national-scale market for the benchmarks, on the PostgreSQL server:
 * 2,000 providers, 20,000 interventions, 500,000 referrals with outcomes and 1,000,000 recorded
 * searches (override with BENCH_PROVIDERS, BENCH_INTERVENTIONS, BENCH_REFERRALS, BENCH_SEARCHES).
 *
 * It drops and recreates its own database (BENCH_DATABASE_URL, default marketplace_bench; the
 * name must contain "bench"), runs the project's migrations, and fills it with
 * `INSERT ... SELECT generate_series(...)`, so the rows never pass through Node. Random draws
 * come from setseed(), ids from md5() of a name, so two runs give the same market (dates are relative to
 * the day of seeding, like the demo). The invariants hold as the service keeps them: places held
 * are the live referrals of each listing, division budgets' committed and spent amounts are the
 * referrals' totals, and the contribution aggregates are rebuilt from the outcomes by the
 * service's own rebuild SQL. Not generated: audit events and the intermediate status changes
 * (each referral's history holds its submission and its current status).
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { QueryRunner } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { openDataSource } from '../src/database/open-data-source';
import { rollUpNext } from '../src/commissioning/purchase-rollups';
import { londonDate } from '../src/common/clock';
import { rebuildContributionAggregates } from '../src/outcomes/outcomes.service';
import { BENCH_DATABASE_URL, benchDatabase, envInt } from './bench-database';

const SIZES = {
  providers: envInt('BENCH_PROVIDERS', 2_000),
  interventions: envInt('BENCH_INTERVENTIONS', 20_000),
  referrals: envInt('BENCH_REFERRALS', 500_000),
  searches: envInt('BENCH_SEARCHES', 1_000_000),
};

/** Listing titles and summaries by factor, so that search results read like a rate card. */
const TITLES: Record<string, [string, string][]> = {
  ACCOMMODATION: [
    ['Supported housing', 'Shared supported housing with a key worker for people leaving custody.'],
    ['Tenancy sustainment', 'One-to-one help to find and keep a tenancy.'],
    ['Housing advice surgery', 'Drop-in advice on homelessness, benefits and landlords.'],
  ],
  ETE: [
    ['CSCS card course', 'Construction site safety training with the CSCS test.'],
    ['Employment mentoring', 'A mentor to prepare CVs, applications and interviews.'],
    ['Functional skills', 'English and maths to level 2 in small groups.'],
  ],
  FINANCE: [
    ['Debt advice', 'Debt advice and negotiation with creditors.'],
    ['Money management course', 'Budgeting, bank accounts and benefits in six sessions.'],
    ['Benefits support', 'Help to claim Universal Credit and other benefits.'],
  ],
  RELATIONSHIPS: [
    [
      'Building Better Relationships',
      'Accredited programme for men who have been abusive to a partner.',
    ],
    ['Family relationships group', 'Rebuilding family contact and parenting skills.'],
    ['Healthy relationships', 'One-to-one work on respectful relationships.'],
  ],
  LIFESTYLE: [
    ['Positive activities', 'Sport, volunteering and new social networks.'],
    ['Peer mentoring', 'A trained peer mentor with lived experience.'],
    ['Community hub', 'A weekly hub for advice, activities and company.'],
  ],
  DRUGS: [
    ['Drug treatment', 'Structured treatment and recovery support for drug misuse.'],
    ['Recovery group', 'A mutual aid recovery group with a facilitator.'],
    ['Harm reduction service', 'Harm reduction advice and referral to treatment.'],
  ],
  ALCOHOL: [
    ['Alcohol treatment', 'Structured treatment for alcohol misuse.'],
    ['Alcohol awareness', 'A short course on drinking and offending.'],
    ['Dry house', 'Alcohol-free supported accommodation with recovery work.'],
  ],
  EMOTIONAL_WELLBEING: [
    ['Counselling', 'Short-term counselling for anxiety, depression and trauma.'],
    ['Wellbeing group', 'A group for managing stress and emotions.'],
    ['Trauma-informed support', 'Key work for people who have experienced trauma.'],
  ],
  THINKING_BEHAVIOUR: [
    ['Thinking Skills Programme', 'Accredited programme on problem solving and self-control.'],
    ['Resolve', 'Accredited programme for men with a history of violence.'],
    ['Consequences workshop', 'One-to-one work on choices and consequences.'],
  ],
  ATTITUDES: [
    ['Attitudes to offending', 'Structured sessions on attitudes that support offending.'],
    ['Victim awareness', 'Understanding the effects of crime on victims.'],
    ['Restorative practice', 'Restorative work with a trained facilitator.'],
  ],
  GANG_MEMBERSHIP: [
    ['Gang exit support', 'Help to leave a gang safely, with a key worker.'],
    ['Serious youth violence', 'Mentoring for young adults involved in violence.'],
    ['Exit mentoring', 'A mentor for people leaving group offending.'],
  ],
  DISCRIMINATORY_ATTITUDES: [
    ['Hate crime programme', 'One-to-one work on hate crime and prejudice.'],
    ['Identity and belonging', 'Sessions on identity, extremism and belonging.'],
    ['Challenging prejudice', 'A group on prejudice and its effects.'],
  ],
};

/** Each step is one SQL statement (or a short function), timed and printed. */
type Step = [name: string, run: (q: QueryRunner) => Promise<unknown>];

function steps(): Step[] {
  const { providers: P, interventions: I, referrals: R, searches: S } = SIZES;
  const titleRows = Object.entries(TITLES).flatMap(([factor, list]) =>
    list.map(([title, summary], k) => ({ factor, k, title, summary })),
  );
  return [
    [
      'reference tables',
      async (q) => {
        await q.query(`SELECT setseed(0.42)`);
        // Deterministic ids that are valid version 4 UUIDs (the API validates ids as such).
        await q.query(`
          CREATE FUNCTION pg_temp.bench_uuid(key text) RETURNS uuid LANGUAGE sql IMMUTABLE
          AS $$ SELECT overlay(overlay(md5(key) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
        await q.query(`
          CREATE TEMP TABLE bench_area AS
          SELECT (row_number() OVER (ORDER BY p.code))::int AS n, p.code, p.name, p.centroid_lat AS lat,
                 p.centroid_lng AS lng, c.code AS cpa, c.division_code AS division
          FROM pcc_area p JOIN contract_package_area c ON c.code = p.contract_package_area_code`);
        await q.query(`
          CREATE TEMP TABLE bench_factor AS
          SELECT (row_number() OVER (ORDER BY display_order) - 1)::int AS n, code FROM factor`);
        await q.query(
          `CREATE TEMP TABLE bench_title AS
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS t(factor, k, title, summary)`,
          [
            titleRows.map((t) => t.factor),
            titleRows.map((t) => t.k),
            titleRows.map((t) => t.title),
            titleRows.map((t) => t.summary),
          ],
        );
      },
    ],
    [
      `${P} providers`,
      async (q) => {
        // The 21 CRCs first (one per contract package area), then the voluntary sector, private
        // firms and public bodies, each with a home PCC area and a hidden quality (0.35-0.85).
        await q.query(
          `CREATE TEMP TABLE bench_provider AS
           SELECT g.n, pg_temp.bench_uuid('provider' || g.n) AS id,
                  CASE WHEN g.n <= 21 THEN 'CRC' WHEN g.n % 20 < 12 THEN 'VOLUNTARY_SECTOR'
                       WHEN g.n % 20 < 17 THEN 'PRIVATE' ELSE 'PUBLIC_SECTOR' END AS kind,
                  cpa.code AS cpa, cpa.name AS cpa_name, cpa.crc_owner,
                  COALESCE((SELECT a.code FROM bench_area a WHERE a.cpa = cpa.code ORDER BY a.n LIMIT 1),
                           (SELECT a.code FROM bench_area a WHERE a.n = 1 + g.n % 42)) AS area,
                  0.35 + 0.5 * random() AS quality
           FROM generate_series(1, $1::int) AS g(n)
           LEFT JOIN (SELECT (row_number() OVER (ORDER BY code))::int AS k, * FROM contract_package_area) cpa
             ON cpa.k = g.n`,
          [P],
        );
        await q.query(`
          INSERT INTO organisation (id, name, kind, crc_owner, charity_number, contract_package_area_code, created_at, updated_at)
          SELECT id,
                 CASE WHEN kind = 'CRC' THEN cpa_name || ' CRC'
                      ELSE (ARRAY['Second Chance','Hope Street','New Leaf','Open Door','Bridge','Fresh Start','Pathways',
                                  'Northgate','Riverside','Beacon','Harbour','Compass','Anchor','Step Forward',
                                  'Turning Point','Kinship','Oakwood','Lighthouse','Foundry','Meadow'])[1 + n % 20]
                           || ' ' || (ARRAY['Trust','Project','Foundation','CIC','Partnership','Services',
                                  'Housing Association','Recovery','Network','Works'])[1 + (n / 20) % 10]
                           || ' ' || n END,
                 kind, CASE WHEN kind = 'CRC' THEN crc_owner END,
                 CASE WHEN kind = 'VOLUNTARY_SECTOR' THEN (1000000 + n)::text END,
                 CASE WHEN kind = 'CRC' THEN cpa END,
                 now() - interval '800 days', now() - interval '800 days'
          FROM bench_provider ORDER BY n`);
      },
    ],
    [
      `${I} interventions, venues, prices`,
      async (q) => {
        await q.query(
          `CREATE TEMP TABLE bench_listing AS
           WITH draws AS (
             SELECT n, 1 + (n - 1) % $2::int AS provider_n, random() AS r_status, random() AS r_unit,
                    random() AS r_price, random() AS r_sex, random() AS r_age, random() AS r_risk,
                    random() AS r_sup, random() AS r_cover, random() AS r_stale, random() AS r_start,
                    random() AS r_cap, random() AS r_mode, random() AS r_adapt, random() AS r_misc
             FROM generate_series(1, $1::int) AS n
           )
           SELECT d.*, pg_temp.bench_uuid('intervention' || d.n) AS id, p.id AS provider_id, p.area, a.division,
                  a.lat, a.lng, a.name AS area_name,
                  CASE WHEN d.n % 3 = 0 AND (d.n * 7) % 12 <> d.n % 12
                       THEN ARRAY[f1.code, f2.code] ELSE ARRAY[f1.code] END AS factors,
                  CASE WHEN d.r_status < 0.90 THEN 'PUBLISHED' WHEN d.r_status < 0.94 THEN 'DRAFT'
                       WHEN d.r_status < 0.98 THEN 'SUSPENDED' ELSE 'WITHDRAWN' END AS status,
                  CASE WHEN d.r_unit < 0.70 THEN 'PER_REFERRAL' WHEN d.r_unit < 0.85 THEN 'PER_SESSION'
                       WHEN d.r_unit < 0.95 THEN 'PER_HOUR' ELSE 'PER_DAY' END AS unit,
                  CASE WHEN d.r_sex < 0.08 THEN '{FEMALE}'::text[] WHEN d.r_sex < 0.11 THEN '{MALE}'::text[]
                       ELSE '{}'::text[] END AS sexes,
                  CASE WHEN d.r_age < 0.6 THEN 18 END AS min_age,
                  CASE WHEN d.r_age < 0.05 THEN 25 END AS max_age,
                  CASE WHEN d.r_risk < 0.15 THEN '{LOW,MEDIUM,HIGH}'::text[] ELSE '{}'::text[] END AS risk_levels,
                  CASE WHEN d.r_sup < 0.05 THEN '{LICENCE,POST_SENTENCE_SUPERVISION}'::text[]
                       ELSE '{}'::text[] END AS supervision_types,
                  t.title, t.summary,
                  (SELECT b.code FROM bench_area b WHERE b.division = a.division AND b.code <> a.code
                   ORDER BY b.n OFFSET (d.n % 3) LIMIT 1) AS neighbour
           FROM draws d
           JOIN bench_provider p ON p.n = d.provider_n
           JOIN bench_area a ON a.code = p.area
           JOIN bench_factor f1 ON f1.n = d.n % 12
           JOIN bench_factor f2 ON f2.n = (d.n * 7) % 12
           JOIN bench_title t ON t.factor = f1.code AND t.k = (d.n / 12) % 3`,
          [I, P],
        );
        await q.query(`
          INSERT INTO intervention (id, provider_id, title, summary, description, factors, delivery_modes,
            accredited, sexes, min_age, max_age, risk_levels, supervision_types, adaptations, coverage,
            evening_sessions, weekend_sessions, duration_weeks, session_count, capacity, next_start_date,
            status, last_confirmed_at, created_at, updated_at)
          SELECT id, provider_id, title || ' (' || area_name || ')', summary,
                 summary || ' Delivered in ' || area_name || ' by trained staff; referrals by the NPS rate card.',
                 factors,
                 CASE WHEN r_mode < 0.4 THEN '{ONE_TO_ONE}'::text[] WHEN r_mode < 0.7 THEN '{GROUP}'::text[]
                      WHEN r_mode < 0.85 THEN '{GROUP,ONE_TO_ONE}'::text[] WHEN r_mode < 0.95 THEN '{DROP_IN}'::text[]
                      ELSE '{ONLINE,ONE_TO_ONE}'::text[] END,
                 title IN ('Thinking Skills Programme', 'Resolve', 'Building Better Relationships'),
                 sexes, min_age, max_age, risk_levels, supervision_types,
                 CASE WHEN sexes = '{FEMALE}' THEN '{WOMEN_ONLY}'::text[]
                      WHEN r_adapt < 0.2 THEN '{LEARNING_DISABILITY}'::text[]
                      WHEN r_adapt < 0.35 THEN '{WHEELCHAIR_ACCESS,INTERPRETER}'::text[] ELSE '{}'::text[] END,
                 CASE WHEN r_cover < 0.3 AND neighbour IS NOT NULL THEN ARRAY[area, neighbour] ELSE ARRAY[area] END,
                 r_misc < 0.25, r_misc > 0.9, 4 + (n % 23), 4 + (n % 37), 10 + floor(r_cap * 31)::int,
                 CASE WHEN r_start < 0.05 THEN NULL ELSE current_date + floor(r_start * 60)::int END,
                 status,
                 CASE WHEN r_stale < 0.1 THEN now() - (120 + r_stale * 1800) * interval '1 day'
                      ELSE now() - r_stale * 90 * interval '1 day' END,
                 now() - interval '760 days', now() - interval '760 days'
          FROM bench_listing ORDER BY n`);
        await q.query(`
          INSERT INTO venue (intervention_id, name, postcode, lat, lng, pcc_area_code, position)
          SELECT l.id, CASE WHEN v = 0 THEN area_name || ' hub' ELSE area_name || ' outreach centre' END,
                 chr(65 + (n + v) % 26) || chr(65 + (n * 3 + v) % 26) || (1 + n % 9) || ' ' || (n % 10)
                   || chr(65 + (n * 7) % 26) || chr(65 + (n * 11 + v) % 26),
                 l.lat + (random() - 0.5) * 0.3, l.lng + (random() - 0.5) * 0.3, l.area, v
          FROM bench_listing l, generate_series(0, 1) AS v
          WHERE v = 0 OR l.r_misc < 0.3
          ORDER BY l.n, v`);
        // Three yearly versions (3% rises each 1 April) and, for one in ten, next April's.
        await q.query(`ALTER TABLE bench_listing ADD COLUMN base_pence bigint`);
        await q.query(`
          UPDATE bench_listing SET base_pence = CASE unit
            WHEN 'PER_REFERRAL' THEN 20000 + floor(r_price * 280000)
            WHEN 'PER_SESSION' THEN 3000 + floor(r_price * 12000)
            WHEN 'PER_HOUR' THEN 2500 + floor(r_price * 5500)
            ELSE 5000 + floor(r_price * 15000) END`);
        await q.query(`
          INSERT INTO intervention_price (intervention_id, amount_pence, unit, effective_from, effective_to, created_at)
          SELECT l.id, round(l.base_pence * power(1.03, y - 2024))::bigint, l.unit,
                 make_date(y, 4, 1),
                 CASE WHEN y < 2026 OR (y = 2026 AND l.r_misc < 0.1) THEN make_date(y + 1, 3, 31) END,
                 make_date(y, 3, 1)::timestamptz
          FROM bench_listing l, generate_series(2024, 2027) AS y
          WHERE y <= 2026 OR l.r_misc < 0.1
          ORDER BY l.n, y`);
      },
    ],
    [
      `${R} referrals, status changes`,
      async (q) => {
        // Bought over the last two years on listings that were on offer (not drafts), by a
        // purchaser of the listing's division, for a person the listing admits; the older a
        // referral, the more likely it has finished.
        await q.query(`
          CREATE TEMP TABLE bench_buyable AS
          SELECT (row_number() OVER (ORDER BY n))::int AS k, * FROM bench_listing WHERE status <> 'DRAFT'`);
        await q.query(
          `CREATE TEMP TABLE bench_referral AS
           WITH draws AS (
             SELECT n, now() - random() * interval '730 days' AS created_at, random() AS r_listing,
                    random() AS r_status, random() AS r_person, random() AS r_age, random() AS r_units,
                    random() AS r_days, random() AS r_factor
             FROM generate_series(1, $1::int) AS n
           ), aged AS (
             SELECT d.*, extract(epoch FROM now() - d.created_at) / 86400 AS age_days,
                    1 + floor(d.r_listing * (SELECT count(*) FROM bench_buyable))::int AS k
             FROM draws d
           )
           SELECT a.n, pg_temp.bench_uuid('referral' || a.n) AS id, a.created_at, a.r_person, a.r_age, a.r_units,
                  a.r_days, a.r_factor, l.id AS intervention_id, l.provider_id, l.division, l.area,
                  l.factors, l.sexes, l.min_age, l.max_age, l.risk_levels, l.supervision_types, l.unit,
                  l.base_pence, l.duration_weeks_hint,
                  CASE WHEN a.age_days < 14 THEN
                         CASE WHEN a.r_status < 0.40 THEN 'SUBMITTED' WHEN a.r_status < 0.70 THEN 'ACCEPTED'
                              WHEN a.r_status < 0.85 THEN 'STARTED' WHEN a.r_status < 0.93 THEN 'DECLINED'
                              ELSE 'CANCELLED' END
                       WHEN a.age_days < 60 THEN
                         CASE WHEN a.r_status < 0.55 THEN 'STARTED' WHEN a.r_status < 0.75 THEN 'COMPLETED'
                              WHEN a.r_status < 0.83 THEN 'ENDED_EARLY' WHEN a.r_status < 0.92 THEN 'DECLINED'
                              ELSE 'CANCELLED' END
                       ELSE
                         CASE WHEN a.r_status < 0.72 THEN 'COMPLETED' WHEN a.r_status < 0.84 THEN 'ENDED_EARLY'
                              WHEN a.r_status < 0.93 THEN 'DECLINED' ELSE 'CANCELLED' END
                  END AS status
           FROM aged a JOIN (SELECT k, id, provider_id, division, area, factors, sexes, min_age, max_age,
                                    risk_levels, supervision_types, unit, base_pence,
                                    4 + (n % 23) AS duration_weeks_hint FROM bench_buyable) l ON l.k = a.k`,
          [R],
        );
        await q.query(`
          INSERT INTO referral (id, intervention_id, provider_id, division_code, crn, person_sex, person_age,
            person_risk_level, person_supervision_type, target_factors, units, price_amount_pence, price_unit,
            total_pence, financial_year, status, notes, created_by, idempotency_key, request_hash,
            accepted_at, started_on, completed_at, sessions_offered, sessions_attended, created_at, updated_at,
            pcc_area_code)
          SELECT r.id, r.intervention_id, r.provider_id, r.division,
                 chr(65 + r.n % 26) || lpad((r.n % 1000000)::text, 6, '0'),
                 CASE WHEN cardinality(r.sexes) > 0 THEN r.sexes[1] WHEN r.r_person < 0.85 THEN 'MALE' ELSE 'FEMALE' END,
                 LEAST(COALESCE(r.max_age, 100), GREATEST(COALESCE(r.min_age, 18), 18 + floor(r.r_age * 50)::int)),
                 CASE WHEN cardinality(r.risk_levels) > 0 THEN r.risk_levels[1 + floor(r.r_age * cardinality(r.risk_levels))::int]
                      ELSE (ARRAY['LOW','MEDIUM','MEDIUM','HIGH','VERY_HIGH'])[1 + floor(r.r_person * 5)::int] END,
                 CASE WHEN cardinality(r.supervision_types) > 0 THEN r.supervision_types[1]
                      ELSE (ARRAY['COMMUNITY_SENTENCE','LICENCE','POST_SENTENCE_SUPERVISION','PRE_RELEASE'])[1 + floor(r.r_units * 4)::int] END,
                 CASE WHEN r.r_factor < 0.2 THEN r.factors
                      ELSE ARRAY[r.factors[1 + floor(r.r_factor * cardinality(r.factors))::int]] END,
                 x.units, x.price, r.unit, x.price * x.units, x.fy, r.status, NULL,
                 'bench-purchaser-' || lower(r.division), 'seed-' || r.n, md5('request' || r.n),
                 CASE WHEN r.status NOT IN ('SUBMITTED', 'DECLINED', 'CANCELLED') THEN r.created_at + interval '1 day' END,
                 CASE WHEN r.status IN ('STARTED', 'COMPLETED', 'ENDED_EARLY')
                      THEN LEAST(x.day + 2 + floor(r.r_days * 20)::int, current_date) END,
                 CASE WHEN r.status IN ('COMPLETED', 'ENDED_EARLY')
                      THEN LEAST(r.created_at + (2 + floor(r.r_days * 20) + 7 * r.duration_weeks_hint) * interval '1 day',
                                 now() - interval '1 hour') END,
                 CASE WHEN r.status IN ('COMPLETED', 'ENDED_EARLY') THEN 12 END,
                 CASE WHEN r.status = 'COMPLETED' THEN 9 + floor(r.r_days * 4)::int
                      WHEN r.status = 'ENDED_EARLY' THEN floor(r.r_days * 6)::int END,
                 r.created_at, r.created_at, r.area
          FROM bench_referral r
          CROSS JOIN LATERAL (
            SELECT (r.created_at AT TIME ZONE 'Europe/London')::date AS day,
                   CASE WHEN r.unit = 'PER_REFERRAL' THEN 1 ELSE 1 + floor(r.r_units * 10)::int END AS units
          ) d
          CROSS JOIN LATERAL (
            SELECT d.day, d.units,
                   extract(year FROM d.day - interval '3 months')::int AS fy,
                   round(r.base_pence * power(1.03, extract(year FROM d.day - interval '3 months') - 2024))::bigint AS price
          ) x
          ORDER BY r.created_at`);
        await q.query(`
          INSERT INTO referral_status_change (referral_id, status, at, by, reason)
          SELECT id, 'SUBMITTED', created_at, created_by, NULL FROM referral ORDER BY created_at`);
        await q.query(`
          INSERT INTO referral_status_change (referral_id, status, at, by, reason)
          SELECT id, status,
                 COALESCE(completed_at, started_on::timestamptz, accepted_at, created_at + interval '2 days'),
                 CASE WHEN status = 'CANCELLED' THEN created_by ELSE 'bench-supplier' END,
                 CASE status WHEN 'DECLINED' THEN 'No places before the start date'
                             WHEN 'CANCELLED' THEN 'Recalled to custody'
                             WHEN 'ENDED_EARLY' THEN 'Stopped attending' END
          FROM referral WHERE status <> 'SUBMITTED' ORDER BY created_at`);
      },
    ],
    [
      'outcomes and judgements',
      async (q) => {
        // Most finished referrals are judged, each factor drawn from the provider's quality.
        await q.query(`
          INSERT INTO outcome (id, referral_id, provider_id, intervention_id, risk_of_harm_focus,
            information_for_review, notes, recorded_by, recorded_at)
          SELECT pg_temp.bench_uuid('outcome' || r.id), r.id, r.provider_id, r.intervention_id,
                 CASE WHEN random() < 0.1 THEN 'NOT_APPLICABLE' WHEN random() < p.quality + 0.05 THEN 'YES' ELSE 'NO' END,
                 CASE WHEN random() < 0.3 THEN 'NOT_APPLICABLE' WHEN random() < p.quality + 0.1 THEN 'YES' ELSE 'NO' END,
                 NULL, r.created_by, r.completed_at + interval '3 days'
          FROM referral r JOIN bench_provider p ON p.id = r.provider_id
          -- Judged three days after they finished: those finished in the last three days are not yet.
          WHERE r.status IN ('COMPLETED', 'ENDED_EARLY') AND r.completed_at + interval '3 days' <= now()
            AND random() < 0.85
          ORDER BY r.created_at`);
        await q.query(`
          INSERT INTO outcome_factor_judgement (outcome_id, factor, sufficient)
          SELECT o.id, f, random() < p.quality - CASE WHEN r.status = 'ENDED_EARLY' THEN 0.2 ELSE 0 END
          FROM outcome o JOIN referral r ON r.id = o.referral_id JOIN bench_provider p ON p.id = o.provider_id,
               unnest(r.target_factors) AS f
          ORDER BY o.recorded_at, f`);
      },
    ],
    [
      'places held and budgets',
      async (q) => {
        await q.query(`
          UPDATE intervention i SET places_held = h.live, capacity = GREATEST(i.capacity, h.live + 5)
          FROM (SELECT intervention_id, count(*)::int AS live FROM referral
                WHERE status IN ('SUBMITTED', 'ACCEPTED', 'STARTED') GROUP BY intervention_id) h
          WHERE h.intervention_id = i.id`);
        // Past years are allocated 5% over what was used; this year has ample room for the
        // purchase benchmark (£100m over use per division).
        await q.query(`
          INSERT INTO division_budget (division_code, financial_year, allocated_pence, committed_pence, spent_pence)
          SELECT d.code, y.fy,
                 COALESCE(u.committed, 0) + COALESCE(u.spent, 0)
                   + CASE WHEN y.fy = (SELECT max(financial_year) FROM referral) THEN 10000000000
                          ELSE round((COALESCE(u.committed, 0) + COALESCE(u.spent, 0)) * 0.05)::bigint + 100000 END,
                 COALESCE(u.committed, 0), COALESCE(u.spent, 0)
          FROM division d
          CROSS JOIN (SELECT DISTINCT financial_year AS fy FROM referral) y
          LEFT JOIN (
            SELECT division_code, financial_year,
                   sum(total_pence) FILTER (WHERE status IN ('SUBMITTED', 'ACCEPTED', 'STARTED'))::bigint AS committed,
                   sum(total_pence) FILTER (WHERE status IN ('COMPLETED', 'ENDED_EARLY'))::bigint AS spent
            FROM referral GROUP BY division_code, financial_year
          ) u ON u.division_code = d.code AND u.financial_year = y.fy`);
      },
    ],
    [
      `${S} recorded searches`,
      async (q) => {
        // What purchasers (and a few commissioners) searched for, where, and what they found:
        // roughly the published supply for the area and factor, fewer once eligibility applies.
        await q.query(`
          CREATE TEMP TABLE bench_supply AS
          SELECT a.code AS area, f AS factor, count(*)::int AS published,
                 count(*) FILTER (WHERE i.capacity > i.places_held)::int AS available
          FROM intervention i, unnest(i.coverage) AS c(code), unnest(i.factors) AS f, bench_area a
          WHERE i.status = 'PUBLISHED' AND a.code = c.code
          GROUP BY a.code, f`);
        await q.query(
          `INSERT INTO search_demand (at, division_code, caller_roles, factors, pcc_area_code,
             contract_package_area_code, area_division_code, filters, result_count, available_count,
             searched_by, available_factors, person_sex, person_supervision_type)
           SELECT s.at,
                  CASE WHEN s.r_role < 0.95 THEN a.division WHEN s.r_role < 0.98 THEN NULL ELSE a.division END,
                  CASE WHEN s.r_role < 0.95 THEN '{PURCHASER}'::text[] ELSE '{COMMISSIONER}'::text[] END,
                  s.factors, a.code, a.cpa, a.division,
                  jsonb_build_object('factors', s.factors, 'pccAreaCode', a.code, 'availableOnly', s.r_found < 0.5,
                                     'person', jsonb_build_object('sex', 'MALE', 'age', 30, 'riskLevel', 'MEDIUM',
                                                                  'supervisionType', 'LICENCE')),
                  floor(COALESCE(sup.published, 0) * (0.5 + 0.5 * s.r_found))::int,
                  floor(COALESCE(sup.available, 0) * (0.4 + 0.6 * s.r_found))::int,
                  -- About 240 practitioners per area (some 10,000 nationally), each searching a
                  -- few times a day; what was found available, and the person's profile.
                  'bench-practitioner-' || a.code || '-' || s.who,
                  CASE WHEN COALESCE(sup.available, 0) > 0 AND s.r_found > 0.3 THEN s.factors ELSE '{}' END,
                  CASE WHEN s.r_who < 0.85 THEN 'MALE' ELSE 'FEMALE' END,
                  (ARRAY['COMMUNITY_SENTENCE', 'LICENCE', 'POST_SENTENCE_SUPERVISION'])[1 + floor(s.r_who * 30)::int % 3]
           FROM (
             SELECT g.n, now() - random() * interval '730 days' AS at, 1 + floor(random() * 42)::int AS area_n,
                    random() AS r_role, random() AS r_found, floor(random() * 240)::int AS who,
                    random() AS r_who,
                    CASE WHEN random() < 0.8 OR f1.code = f2.code THEN ARRAY[f1.code]
                         ELSE ARRAY[f1.code, f2.code] END AS factors
             FROM generate_series(1, $1::int) AS g(n)
             JOIN bench_factor f1 ON f1.n = g.n % 12
             JOIN bench_factor f2 ON f2.n = (g.n * 5 + 1) % 12
           ) s
           JOIN bench_area a ON a.n = s.area_n
           LEFT JOIN bench_supply sup ON sup.area = a.code AND sup.factor = s.factors[1]
           ORDER BY s.at`,
          [S],
        );
      },
    ],
    [
      'contribution aggregates (service rebuild SQL)',
      async (q) => {
        await q.startTransaction();
        const rows = await rebuildContributionAggregates(q.manager);
        await q.commitTransaction();
        return `${rows} aggregate rows`;
      },
    ],
    [
      'rollups of searches, referrals, judgements (the rollup job, a day or month per transaction)',
      async (q) => {
        const today = londonDate(new Date());
        const built = { day: 0, month: 0, today: 0 };
        for (;;) {
          await q.startTransaction();
          const next = await rollUpNext((sql, params) => q.query(sql, params), today);
          await q.commitTransaction();
          if (!next) break;
          built[next.span] += 1;
        }
        return `${built.day} days, ${built.month} months`;
      },
    ],
    [
      'vacuum analyze',
      async (q) => {
        await q.query(`VACUUM ANALYZE`);
      },
    ],
  ];
}

async function recreateDatabase(): Promise<void> {
  const { name, adminUrl } = benchDatabase();
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await admin.end();
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const { name } = benchDatabase();
  log(`seed:bench: recreating database ${name} (${JSON.stringify(SIZES)})`);
  await recreateDatabase();
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: BENCH_DATABASE_URL,
    JWT_SECRET: 'x'.repeat(32),
    PUBLIC_URL: 'http://127.0.0.1',
    WEB_SESSION_SECRET: 'x'.repeat(32),
  });
  const { dataSource, close } = await openDataSource(config);
  try {
    let t = Date.now();
    await dataSource.runMigrations({ transaction: 'each' });
    log(`  ${'migrations'.padEnd(48)}${((Date.now() - t) / 1000).toFixed(1)} s`);
    const q = dataSource.createQueryRunner();
    await q.connect();
    try {
      // The bulk inserts do not need to survive a crash: the seed starts over instead.
      await q.query(`SET synchronous_commit = off`);
      await q.query(`SET work_mem = '256MB'`);
      for (const [stepName, run] of steps()) {
        t = Date.now();
        const note = await run(q);
        log(
          `  ${stepName.padEnd(48)}${((Date.now() - t) / 1000).toFixed(1)} s${typeof note === 'string' ? ` (${note})` : ''}`,
        );
      }
    } finally {
      await q.release();
    }
    const [counts] = await dataSource.query<Record<string, number>[]>(`
      SELECT (SELECT count(*) FROM organisation)::int AS providers,
             (SELECT count(*) FROM intervention)::int AS interventions,
             (SELECT count(*) FROM intervention WHERE status = 'PUBLISHED')::int AS published,
             (SELECT count(*) FROM referral)::int AS referrals,
             (SELECT count(*) FROM outcome)::int AS outcomes,
             (SELECT count(*) FROM search_demand)::int AS searches`);
    log(`seed:bench: ${JSON.stringify(counts)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
