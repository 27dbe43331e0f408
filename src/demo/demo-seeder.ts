import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import {
  InterventionEntity,
  InterventionPriceEntity,
  ListingStatusHistoryEntity,
  VenueEntity,
} from '../catalogue/intervention.entity';
import { ListingStatus, OrganisationKind } from '../catalogue/catalogue.enums';
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { Clock, londonDayStart } from '../common/clock';
import {
  FrameworkApplicationEntity,
  OrganisationDeclarationEntity,
} from '../framework/framework.entities';
import { addDays } from '../common/calendar';
import { ApplicationStatus } from '../framework/framework.enums';
import { AppConfig } from '../config/app-config';
import {
  ActionPlanEntity,
  CaseNoteEntity,
  DeliverySessionEntity,
  SessionRescheduleEntity,
} from '../delivery/delivery.entities';
import {
  EndOfServiceOutcomeEntity,
  EndOfServiceReportEntity,
  FactorJudgementEntity,
  OutcomeEntity,
} from '../outcomes/outcome.entity';
import { rebuildContributionAggregates } from '../outcomes/outcomes.service';
import {
  ContractPackageAreaEntity,
  DesiredOutcomeEntity,
  PccAreaEntity,
} from '../reference/reference.entities';
import { FactorCode } from '../reference/factor-code';
import { ReferralStatus } from '../referrals/referral-status';
import {
  ReferralDesiredOutcomeEntity,
  ReferralEntity,
  ReferralStatusChangeEntity,
  ReferralTimelineEventEntity,
} from '../referrals/referral.entity';
import { SearchDemandEntity } from '../search/search-demand.entity';
import { DemandRollupService } from '../commissioning/demand-rollup.service';
import { SubcontractEntity } from '../supply-chains/subcontract.entity';
import { GAP_AREA, GAP_FACTOR, THIN_AREA } from './demo-content';
import { buildDemoFramework } from './demo-framework';
import { buildDemoSupplyChains } from './demo-supply-chains';
import { buildDemoHistory, DemoHistory } from './demo-history';
import { FundingPotEntity, FundingPotFunderEntity } from '../referrals/funding-pot.entity';
import { buildDemoMarket, DemoGeography } from './demo-market';

/** What one seeding wrote. */
export interface DemoSeedResult {
  organisationIds: string[];
  organisations: number;
  crcs: number;
  interventions: number;
  byStatus: Record<ListingStatus, number>;
  stale: number;
  venues: number;
  prices: number;
  auditEvents: number;
  referrals: number;
  referralsByStatus: Record<ReferralStatus, number>;
  statusChanges: number;
  budgets: number;
  fundingPots: number;
  fundingPotReferrals: number;
  outcomes: number;
  judgements: number;
  aggregateRows: number;
  searches: number;
  actionPlans: number;
  sessions: number;
  caseNotes: number;
  endOfServiceReports: number;
  timelineEvents: number;
}

/** The seeder's identity in the audit trail. */
export const DEMO_ACTOR = { id: 'demo-seeder', name: 'Demo data', roles: ['ADMIN'] };

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 200;

/**
 * A believable market for demos and manual testing: every CRC, voluntary-sector, private and
 * public-sector providers, ~600 listings over all 42 PCC areas and 12 factors, with price
 * history, and deliberate gaps for the commissioners' report (see demo-content.ts). The
 * content is deterministic (seeded random, dates relative to the clock's today); ids come from
 * the database. Written in one transaction with multi-row inserts, so it takes seconds.
 * Reference data (factors, geography) is seeded by migration, not here.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: DemandRollupService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (
      this.config.usesEmbeddedDatabase &&
      this.config.seedDemoOnFirstStart &&
      (await this.isEmpty())
    ) {
      await this.seed();
      // The demo's year of searches, rolled up in the background (where the rollup job runs)
      // so that its reports read rollups from the start; the service answers meanwhile.
      if (this.config.reporting.rollupCron) {
        this.rollups.catchUp().catch((error: unknown) => {
          this.logger.warn(`Demand rollups after seeding stopped: ${String(error)}`);
        });
      }
    }
  }

  /**
   * True when no market data exists yet (reference data alone does not count, nor the Police and
   * Crime Commissioners the migrations add with it).
   */
  async isEmpty(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return !(await manager.exists(OrganisationEntity, {
      where: { kind: Not(OrganisationKind.PCC) },
    }));
  }

  /**
   * Writes the demo market: in `manager`'s transaction when given (the caller commits or rolls
   * back), otherwise in a transaction of its own. Does not check that the database is empty.
   */
  async seed(manager?: EntityManager): Promise<DemoSeedResult> {
    const started = Date.now();
    const result = manager
      ? await this.seedIn(manager)
      : await this.dataSource.transaction((m) => this.seedIn(m));
    const s = result.byStatus;
    this.logger.log(
      `Demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)}s: ` +
        `${result.organisations} organisations (${result.crcs} CRCs), ` +
        `${result.interventions} interventions (${s.PUBLISHED} published, ${s.DRAFT} draft, ` +
        `${s.SUSPENDED} suspended, ${s.WITHDRAWN} withdrawn; ${result.stale} stale), ` +
        `${result.venues} venues, ${result.prices} price versions; ` +
        `${result.referrals} referrals (${Object.entries(result.referralsByStatus)
          .map(([status, n]) => `${n} ${status.toLowerCase()}`)
          .join(', ')}), ${result.statusChanges} status changes, ${result.budgets} budgets, ` +
        `${result.outcomes} outcomes (${result.judgements} factor judgements, ` +
        `${result.aggregateRows} contribution aggregates), ${result.actionPlans} action plans, ` +
        `${result.sessions} sessions, ${result.caseNotes} case notes, ` +
        `${result.endOfServiceReports} end-of-service reports, ${result.timelineEvents} timeline events, ` +
        `${result.searches} recorded searches; ` +
        `gaps: no ${GAP_FACTOR} in ${GAP_AREA}, thin provision in ${THIN_AREA}`,
    );
    return result;
  }

  private async seedIn(manager: EntityManager): Promise<DemoSeedResult> {
    const now = this.clock.now();
    const geography = await this.geography(manager);
    // Two CRC chains with voluntary-sector subcontractors (one service made women-only first,
    // so that its history admits women only).
    const chains = buildDemoSupplyChains(
      buildDemoMarket(geography, this.clock.today(), now),
      this.clock.today(),
    );
    const market = chains.market;
    const desired = await manager.find(DesiredOutcomeEntity, {
      where: { retiredOn: IsNull() },
      order: { factorCode: 'ASC', position: 'ASC' },
    });
    const desiredIds: Partial<Record<FactorCode, string[]>> = {};
    for (const o of desired) (desiredIds[o.factorCode as FactorCode] ??= []).push(o.id);
    const history = buildDemoHistory(
      market,
      geography,
      this.clock.today(),
      Object.fromEntries(Object.entries(desiredIds).map(([f, ids]) => [f, ids.length])),
      undefined,
      new Set(
        chains.subcontracts.flatMap((s) => s.listings.map((i) => market[s.prime].listings[i])),
      ),
    );

    const framework = buildDemoFramework(market, this.clock.today());
    const openly = new Set(framework.publishPricesOpenly);
    const organisationIds = await insertAll(
      manager,
      OrganisationEntity,
      market.map(({ listings: _, ...organisation }, i) => ({
        ...organisation,
        publishPricesOpenly: openly.has(i),
      })),
    );
    await manager.insert(
      OrganisationDeclarationEntity,
      framework.declarations.map(({ organisation, ...declaration }) => ({
        organisationId: organisationIds[organisation],
        ...declaration,
      })),
    );
    const applicationIds = await insertAll(
      manager,
      FrameworkApplicationEntity,
      framework.applications.map(({ submittedDaysAgo, ...application }) => {
        const submittedAt = new Date(now.getTime() - submittedDaysAgo * 86_400_000);
        return {
          ...application,
          website: null,
          declarations: {
            SAFEGUARDING_POLICY: { held: true, expiresOn: addDays(this.clock.today(), 200) },
            INSURANCE: { held: true, expiresOn: null },
            DATA_PROTECTION: { held: true, expiresOn: null },
            VETTED_STAFF: { held: true, expiresOn: null },
          },
          organisationId: null,
          submittedAt,
          decidedAt: application.status === ApplicationStatus.REJECTED ? now : null,
        };
      }),
    );
    // Each application's history: submitted by its applicant, then the commissioner's step.
    await insertAll(
      manager,
      AuditEventEntity,
      framework.applications.flatMap((application, i) => [
        {
          entityType: 'FrameworkApplication',
          entityId: applicationIds[i],
          organisationId: null,
          action: 'SUBMITTED',
          actorId: application.applicantId,
          actorName: application.applicantName,
          actorRoles: [] as string[],
          before: null,
          after: { status: 'SUBMITTED' },
        },
        ...(application.decisionNote
          ? [
              {
                entityType: 'FrameworkApplication',
                entityId: applicationIds[i],
                organisationId: null,
                action: application.status,
                actorId: DEMO_ACTOR.id,
                actorName: DEMO_ACTOR.name,
                actorRoles: DEMO_ACTOR.roles,
                before: null,
                after: { status: application.status, note: application.decisionNote },
              },
            ]
          : []),
      ]),
    );

    const subcontractIds = await insertAll(
      manager,
      SubcontractEntity,
      chains.subcontracts.map(({ prime, subcontractor, listings: _l, ...subcontract }) => ({
        primeId: organisationIds[prime],
        subcontractorId: organisationIds[subcontractor],
        endedOn: null,
        ...subcontract,
      })),
    );
    await insertAll(
      manager,
      AuditEventEntity,
      chains.subcontracts.map((subcontract, i) => ({
        entityType: 'Subcontract',
        entityId: subcontractIds[i],
        organisationId: organisationIds[subcontract.prime],
        action: 'SEEDED',
        actorId: DEMO_ACTOR.id,
        actorName: DEMO_ACTOR.name,
        actorRoles: DEMO_ACTOR.roles,
        before: null,
        after: { reference: subcontract.reference },
      })),
    );
    // Who delivers each subcontracted listing, keyed "organisation/listing" (market indexes).
    const deliverers = new Map<string, { deliveredById: string; subcontractId: string }>();
    chains.subcontracts.forEach((subcontract, i) => {
      for (const listing of subcontract.listings)
        deliverers.set(`${subcontract.prime}/${listing}`, {
          deliveredById: organisationIds[subcontract.subcontractor],
          subcontractId: subcontractIds[i],
        });
    });
    const listings = market.flatMap((organisation, i) =>
      organisation.listings.map((listing, n) => ({
        providerId: organisationIds[i],
        listing,
        deliverer: deliverers.get(`${i}/${n}`),
      })),
    );
    const interventionIds = await insertAll(
      manager,
      InterventionEntity,
      listings.map(
        ({ providerId, deliverer, listing: { venues: _v, prices: _p, ...fields } }, i) => ({
          providerId,
          deliveredById: deliverer?.deliveredById ?? null,
          subcontractId: deliverer?.subcontractId ?? null,
          ...fields,
          placesHeld: history.placesHeld[i],
        }),
      ),
    );

    const venues = listings.flatMap(({ listing }, i) =>
      listing.venues.map((venue) => ({ interventionId: interventionIds[i], ...venue })),
    );
    const prices = listings.flatMap(({ listing }, i) =>
      listing.prices.map((price) => ({ interventionId: interventionIds[i], ...price })),
    );
    await insertAll(manager, VenueEntity, venues);
    await insertAll(manager, InterventionPriceEntity, prices);
    await insertAll(
      manager,
      ListingStatusHistoryEntity,
      listingStatusHistory(listings, interventionIds, now),
    );
    // One event per listing, in listing order, so the trail says where each came from.
    await insertAll(
      manager,
      AuditEventEntity,
      listings.map(({ providerId, listing }, i) => ({
        entityType: 'Intervention',
        entityId: interventionIds[i],
        organisationId: providerId,
        action: 'SEEDED',
        actorId: DEMO_ACTOR.id,
        actorName: DEMO_ACTOR.name,
        actorRoles: DEMO_ACTOR.roles,
        before: null,
        after: { title: listing.title, status: listing.status },
      })),
    );

    // The history of purchasing: referrals with every step, budgets that add up to the penny,
    // outcomes and the scores they make, and recorded demand.
    const fundingPotIds = await this.addFundingPots(manager, history.fundingPots);
    const referralIds = await insertAll(
      manager,
      ReferralEntity,
      history.referrals.map(
        ({
          listing,
          fundingPot,
          provider: _p,
          person,
          changes,
          desiredOutcomes: _d,
          actionPlans: _a,
          sessions: _s,
          caseNotes: _c,
          report: _r,
          timeline: _t,
          ...referral
        }) => ({
          ...referral,
          interventionId: interventionIds[listing],
          providerId: listings[listing].providerId,
          // The subcontractor delivers the referrals of the listings it delivers.
          deliveredById: listings[listing].deliverer?.deliveredById ?? null,
          personSex: person.sex,
          personAge: person.age,
          personRiskLevel: person.riskLevel,
          personSupervisionType: person.supervisionType,
          fundingPotId: fundingPot === null ? null : fundingPotIds[fundingPot],
          updatedAt: changes[changes.length - 1].at,
        }),
      ),
    );
    await this.addDelivery(manager, history, referralIds, desiredIds, (listing) => ({
      interventionId: interventionIds[listing],
      providerId: listings[listing].providerId,
    }));
    const statusChanges = history.referrals.flatMap((referral, i) =>
      referral.changes.map((change) => ({ referralId: referralIds[i], ...change })),
    );
    await insertAll(manager, ReferralStatusChangeEntity, statusChanges);
    await this.addBudgets(manager, history.budgets);
    const outcomeIds = await insertAll(
      manager,
      OutcomeEntity,
      history.outcomes.map(({ referral, judgements: _j, ...outcome }) => ({
        ...outcome,
        referralId: referralIds[referral],
        providerId: listings[history.referrals[referral].listing].providerId,
        interventionId: interventionIds[history.referrals[referral].listing],
        notes: null,
        amendedAt: null,
      })),
    );
    const judgements = history.outcomes.flatMap((outcome, i) =>
      outcome.judgements.map((j) => ({ outcomeId: outcomeIds[i], ...j })),
    );
    for (let i = 0; i < judgements.length; i += BATCH) {
      await manager.insert(FactorJudgementEntity, judgements.slice(i, i + BATCH));
    }
    const aggregateRows = await rebuildContributionAggregates(manager);
    await insertAll(
      manager,
      SearchDemandEntity,
      history.searches.map((search) => ({ ...search, callerRoles: ['PURCHASER'] })),
    );

    const referralsByStatus = Object.fromEntries(
      Object.values(ReferralStatus).map((status) => [status, 0]),
    ) as Record<ReferralStatus, number>;
    for (const referral of history.referrals) referralsByStatus[referral.status] += 1;

    const byStatus = {
      [ListingStatus.DRAFT]: 0,
      [ListingStatus.PUBLISHED]: 0,
      [ListingStatus.SUSPENDED]: 0,
      [ListingStatus.WITHDRAWN]: 0,
    };
    const staleBefore = now.getTime() - this.config.staleAfterDays * 86_400_000;
    let stale = 0;
    for (const { listing } of listings) {
      byStatus[listing.status] += 1;
      if (listing.lastConfirmedAt.getTime() < staleBefore) stale += 1;
    }
    return {
      organisationIds,
      organisations: market.length,
      crcs: market.filter((o) => o.kind === OrganisationKind.CRC).length,
      interventions: listings.length,
      byStatus,
      stale,
      venues: venues.length,
      prices: prices.length,
      auditEvents: listings.length,
      referrals: history.referrals.length,
      referralsByStatus,
      statusChanges: statusChanges.length,
      budgets: history.budgets.length,
      fundingPots: history.fundingPots.length,
      fundingPotReferrals: history.referrals.filter((r) => r.fundingPot !== null).length,
      outcomes: history.outcomes.length,
      judgements: judgements.length,
      aggregateRows,
      searches: history.searches.length,
      actionPlans: history.referrals.reduce((n, r) => n + r.actionPlans.length, 0),
      sessions: history.referrals.reduce((n, r) => n + r.sessions.length, 0),
      caseNotes: history.referrals.reduce((n, r) => n + r.caseNotes.length, 0),
      endOfServiceReports: history.referrals.filter((r) => r.report).length,
      timelineEvents: history.referrals.reduce((n, r) => n + r.timeline.length, 0),
    };
  }

  /**
   * What each referral aims at and how it was delivered: desired outcomes, action plans,
   * sessions with their moves, case notes, end-of-service reports and the timeline.
   */
  private async addDelivery(
    manager: EntityManager,
    history: DemoHistory,
    referralIds: string[],
    outcomeIds: Partial<Record<FactorCode, string[]>>,
    listingIds: (listing: number) => { interventionId: string; providerId: string },
  ): Promise<void> {
    const referrals = history.referrals;
    const outcomeId = (o: { factor: FactorCode; position: number }) =>
      outcomeIds[o.factor]![o.position];
    await insertRows(
      manager,
      ReferralDesiredOutcomeEntity,
      referrals.flatMap((r, i) =>
        r.desiredOutcomes.map((o) => ({
          referralId: referralIds[i],
          desiredOutcomeId: outcomeId(o),
          factor: o.factor,
        })),
      ),
    );
    await insertAll(
      manager,
      ActionPlanEntity,
      referrals.flatMap((r, i) => r.actionPlans.map((p) => ({ referralId: referralIds[i], ...p }))),
    );
    const sessions = referrals.flatMap((r, i) =>
      r.sessions.map((s) => ({ referralId: referralIds[i], session: s })),
    );
    const sessionIds = await insertAll(
      manager,
      DeliverySessionEntity,
      sessions.map(({ referralId, session: { reschedules: _r, feedback, ...session } }) => ({
        referralId,
        ...session,
        attended: feedback?.attended ?? null,
        sessionHappened: feedback?.sessionHappened ?? null,
        noSessionReason: feedback?.noSessionReason ?? null,
        summary: feedback?.summary ?? null,
        response: feedback?.response ?? null,
        concerns: feedback?.concerns ?? null,
        notifyPurchaser: feedback?.notifyPurchaser ?? null,
        feedbackBy: feedback?.by ?? null,
        feedbackAt: feedback?.at ?? null,
      })),
    );
    await insertAll(
      manager,
      SessionRescheduleEntity,
      sessions.flatMap(({ session }, i) =>
        session.reschedules.map((move) => ({ sessionId: sessionIds[i], ...move })),
      ),
    );
    await insertAll(
      manager,
      CaseNoteEntity,
      referrals.flatMap((r, i) => r.caseNotes.map((n) => ({ referralId: referralIds[i], ...n }))),
    );
    const reported = referrals
      .map((r, i) => ({ r, i }))
      .filter((x): x is { r: typeof x.r & { report: NonNullable<typeof x.r.report> }; i: number } =>
        Boolean(x.r.report),
      );
    const reportIds = await insertAll(
      manager,
      EndOfServiceReportEntity,
      reported.map(({ r, i }) => ({
        referralId: referralIds[i],
        ...listingIds(r.listing),
        furtherInformation: r.report.furtherInformation,
        outcomes: r.report.rows.length,
        scoreHalves: r.report.scoreHalves,
        earnedPence: r.report.earnedPence,
        submittedBy: r.report.submittedBy,
        submittedAt: r.report.submittedAt,
      })),
    );
    await insertRows(
      manager,
      EndOfServiceOutcomeEntity,
      reported.flatMap(({ r }, k) =>
        r.report.rows.map((row, position) => ({
          reportId: reportIds[k],
          desiredOutcomeId: outcomeId(row),
          factor: row.factor,
          achievement: row.achievement,
          progressComments: row.progressComments,
          position,
        })),
      ),
    );
    await insertAll(
      manager,
      ReferralTimelineEventEntity,
      // jsonb details: TypeORM's insert type cannot express an open object.
      referrals.flatMap((r, i) =>
        r.timeline.map((e) => ({ referralId: referralIds[i], ...e })),
      ) as unknown as QueryDeepPartialEntity<ReferralTimelineEventEntity>[],
    );
  }

  /**
   * Budgets for this year and last. Added to any already there (an empty database has none), so
   * that committed and spent stay the sums of the referrals' totals whatever else was bought.
   */
  private async addBudgets(
    manager: EntityManager,
    budgets: ReturnType<typeof buildDemoHistory>['budgets'],
  ): Promise<void> {
    const values: unknown[] = [];
    const tuples = budgets.map((b) => {
      const n = values.push(
        b.divisionCode,
        b.financialYear,
        b.allocatedPence,
        b.committedPence,
        b.spentPence,
        b.outcomePaymentsSpentPence,
      );
      return `($${n - 5}, $${n - 4}::int, $${n - 3}::bigint, $${n - 2}::bigint, $${n - 1}::bigint, $${n}::bigint)`;
    });
    await manager.query(
      `INSERT INTO division_budget AS b
         (division_code, financial_year, allocated_pence, committed_pence, spent_pence, outcome_payments_spent_pence)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (division_code, financial_year) DO UPDATE SET
         allocated_pence = b.allocated_pence + EXCLUDED.allocated_pence,
         committed_pence = b.committed_pence + EXCLUDED.committed_pence,
         spent_pence = b.spent_pence + EXCLUDED.spent_pence,
         outcome_payments_spent_pence = b.outcome_payments_spent_pence + EXCLUDED.outcome_payments_spent_pence,
         updated_at = now()`,
      values,
    );
  }

  /**
   * Joint commissioning: each pot with its Police and Crime Commissioner as its one co-funder
   * (the migrations add the 42 PCCs), money as its referrals left it. Answers the pots' ids.
   */
  private async addFundingPots(
    manager: EntityManager,
    pots: DemoHistory['fundingPots'],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const pot of pots) {
      const pcc = await manager.findOneByOrFail(OrganisationEntity, {
        pccAreaCode: pot.funderPccAreaCode,
      });
      const row = await manager.save(
        manager.create(FundingPotEntity, {
          name: `${pcc.name.replace('Police and Crime Commissioner for ', '')} accommodation ${pot.financialYear}`,
          divisionCode: pot.divisionCode,
          financialYear: pot.financialYear,
          needs: pot.needs,
          pccAreaCodes: pot.pccAreaCodes,
          totalPence: pot.totalPence,
          committedPence: pot.committedPence,
          spentPence: pot.spentPence,
          outcomePaymentsSpentPence: pot.outcomePaymentsSpentPence,
          createdBy: DEMO_ACTOR.id,
          createdAt: pot.createdAt,
        }),
      );
      await manager.insert(FundingPotFunderEntity, {
        potId: row.id,
        organisationId: pcc.id,
        amountPence: pot.totalPence,
      });
      await manager.insert(AuditEventEntity, {
        entityType: 'FundingPot',
        entityId: row.id,
        organisationId: null,
        action: 'SEEDED',
        actorId: DEMO_ACTOR.id,
        actorName: DEMO_ACTOR.name,
        actorRoles: DEMO_ACTOR.roles,
        before: null,
        after: { name: row.name, funder: pcc.name, totalPence: pot.totalPence },
      });
      ids.push(row.id);
    }
    return ids;
  }

  private async geography(manager: EntityManager): Promise<DemoGeography> {
    // Read through the transaction's own connection: the embedded database has only one.
    const contractPackageAreas = await manager.find(ContractPackageAreaEntity, {
      order: { code: 'ASC' },
    });
    const pccAreas = await manager.find(PccAreaEntity, { order: { code: 'ASC' } });
    if (pccAreas.length === 0) throw new Error('No reference data: run the migrations first');
    return { contractPackageAreas, pccAreas };
  }
}

/**
 * The demo listings' status histories: each has been in its status since its first price began
 * (London midnight; the seeding moment when it has none), except that a suspended or withdrawn
 * listing was on sale until the seeding moment (its history of purchases was bought then).
 */
function listingStatusHistory(
  listings: { listing: { status: ListingStatus; prices: { effectiveFrom: string }[] } }[],
  interventionIds: string[],
  now: Date,
): QueryDeepPartialEntity<ListingStatusHistoryEntity>[] {
  return listings.flatMap(({ listing }, i) => {
    const first = listing.prices.map((p) => p.effectiveFrom).sort()[0];
    const since = first ? londonDayStart(first) : now;
    const start = since < now ? since : now;
    const interventionId = interventionIds[i];
    const offSale =
      listing.status === ListingStatus.SUSPENDED || listing.status === ListingStatus.WITHDRAWN;
    return offSale
      ? [
          { interventionId, status: ListingStatus.PUBLISHED, validFrom: start, validTo: now },
          { interventionId, status: listing.status, validFrom: now, validTo: null },
        ]
      : [{ interventionId, status: listing.status, validFrom: start, validTo: null }];
  });
}

/** Multi-row inserts of BATCH rows, for tables keyed by their columns (no generated id). */
async function insertRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: new () => Entity,
  rows: QueryDeepPartialEntity<Entity>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await manager.insert(target, rows.slice(i, i + BATCH));
  }
}

/** Multi-row inserts of BATCH rows; returns the generated ids in the rows' order. */
async function insertAll<Entity extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  target: new () => Entity,
  rows: QueryDeepPartialEntity<Entity>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const result = await manager.insert(target, rows.slice(i, i + BATCH));
    for (const identifier of result.identifiers) ids.push(String(identifier.id));
  }
  return ids;
}
