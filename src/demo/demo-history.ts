/**
 * A believable history of purchasing on the demo market, as plain data: ~14 months of referrals
 * in every status with their status changes, the outcomes recorded on finished ones, division
 * budgets that add up to the penny, and the searches purchasers made (demand), including the
 * ones that found nothing in the gap area. Same market, day and seed give the same history.
 */
import { createHash } from 'node:crypto';
import {
  ListingStatus,
  PriceUnit,
  RiskLevel,
  Sex,
  SupervisionType,
} from '../catalogue/catalogue.enums';
import { eligibilityFailures, PersonProfile } from '../catalogue/eligibility';
import { addDays } from '../common/calendar';
import { Attendance } from '../delivery/delivery.enums';
import { Judgement } from '../outcomes/judgement';
import { FactorCode } from '../reference/factor-code';
import { financialYearOf } from '../referrals/financial-year';
import { Complexity, DeclineReason, WithdrawalReason } from '../referrals/referral-codes';
import { ReferralStatus } from '../referrals/referral-status';
import { LIVE_STATUSES, SPENT_STATUSES } from '../referrals/referral-lifecycle';
import { EndKind, potMatches, purchaseCommitment, settle } from '../referrals/settlement';
import { DEMO_SEED } from './demo-content';
import { DemoGeography, DemoListing, DemoOrganisation } from './demo-market';
import {
  actionPlansOf,
  atHour,
  caseNotesOf,
  DemoActionPlan,
  DemoCaseNote,
  DemoReport,
  DemoSession,
  DemoTimelineEvent,
  DeliveryStory,
  reportOf,
  sessionsOf,
  timelineOf,
} from './demo-delivery';
import { Random } from './random';

/** Days of history before today. */
export const HISTORY_DAYS = 425;

/** Budgets by division (pence, before a yearly wobble of a few per cent): larger divisions more. */
const BUDGET_BASE: Record<string, number> = {
  LDN: 600_000_000,
  SEE: 460_000_000,
  NW: 430_000_000,
  MID: 410_000_000,
  NE: 390_000_000,
  SWSC: 330_000_000,
  WAL: 160_000_000,
};

/** How much each division buys and searches, relative to the others. */
const DIVISION_WEIGHT: Record<string, number> = {
  LDN: 3,
  SEE: 2.2,
  NW: 2,
  MID: 2,
  NE: 2,
  SWSC: 1.6,
  WAL: 1,
};

const DECLINE_REASONS: [DeclineReason, string][] = [
  [DeclineReason.NO_CAPACITY, "The next cohort's hours clash with the person's work"],
  [
    DeclineReason.UNSUITABLE_RISK,
    "The person's current risk assessment is outside what the service can manage",
  ],
  [DeclineReason.OUT_OF_AREA, 'The person lives too far from the venue to attend reliably'],
  [DeclineReason.OTHER, 'The service is already working with the person under another referral'],
  [DeclineReason.INELIGIBLE, 'The person declined to engage at the assessment'],
];
/** The provider ends a started referral early (after its end-of-service report). */
const END_EARLY_REASONS = [
  'Stopped attending after repeated absences',
  'Admitted to hospital for an extended period',
  'Completed what could be done; the person moved on to other support',
];
/** The purchaser withdraws a started referral: it ends at once, the report follows. */
const WITHDRAW_STARTED_REASONS: [WithdrawalReason, string][] = [
  [WithdrawalReason.RETURNED_TO_CUSTODY, 'Recalled to custody'],
  [WithdrawalReason.MOVED_OUT_OF_AREA, 'Moved out of the area'],
  [WithdrawalReason.SENTENCE_REVOKED, 'Licence revoked after a further offence'],
  [WithdrawalReason.NOT_ENGAGED, 'Not engaging with the service'],
];
const CANCEL_REASONS: [WithdrawalReason, string][] = [
  [WithdrawalReason.MOVED_OUT_OF_AREA, 'The person moved to another area before starting'],
  [WithdrawalReason.SENTENCE_EXPIRED, 'The court varied the order: no longer required'],
  [WithdrawalReason.MISTAKEN_OR_DUPLICATE, 'Bought in error for the wrong person'],
  [WithdrawalReason.NEEDS_MET_ELSEWHERE, 'The person found accommodation independently'],
  [WithdrawalReason.OTHER, 'A place with a nearer provider came up'],
];

export interface DemoStatusChange {
  status: ReferralStatus;
  at: Date;
  by: string;
  reason: string | null;
}

export interface DemoReferral {
  /** Index into the seeder's flat list of listings. */
  listing: number;
  /** Index into the market's organisations. */
  provider: number;
  divisionCode: string;
  /** The area in the buying division the person is supervised in (the listing reaches it). */
  pccAreaCode: string;
  crn: string;
  person: PersonProfile;
  targetFactors: FactorCode[];
  units: number;
  priceAmountPence: number;
  priceUnit: PriceUnit;
  totalPence: number;
  financialYear: number;
  status: ReferralStatus;
  notes: string | null;
  createdBy: string;
  idempotencyKey: string;
  requestHash: string;
  createdAt: Date;
  acceptedAt: Date | null;
  startedOn: string | null;
  completedAt: Date | null;
  sessionsOffered: number | null;
  sessionsAttended: number | null;
  changes: DemoStatusChange[];
  complexity: Complexity;
  /** Per target factor, indexes into that factor's current desired outcomes. */
  desiredOutcomes: { factor: FactorCode; position: number }[];
  outcomePaymentPence: number;
  outcomePaymentMaxPence: number;
  outcomePaymentEarnedPence: number | null;
  endOfServiceReportAt: Date | null;
  endOfServiceReportDue: boolean;
  declineReason: DeclineReason | null;
  withdrawalReason: WithdrawalReason | null;
  actionPlans: DemoActionPlan[];
  sessions: DemoSession[];
  caseNotes: DemoCaseNote[];
  report: DemoReport | null;
  /** Filled in once the outcome (if any) is known. */
  timeline: DemoTimelineEvent[];
  /** Index into `fundingPots` when a pot paid for it; null when the division's budget did. */
  fundingPot: number | null;
}

export interface DemoOutcome {
  /** Index into `referrals`. */
  referral: number;
  riskOfHarmFocus: Judgement;
  informationForReview: Judgement;
  judgements: { factor: FactorCode; sufficient: boolean }[];
  recordedBy: string;
  recordedAt: Date;
}

export interface DemoBudget {
  divisionCode: string;
  financialYear: number;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  outcomePaymentsSpentPence: number;
}

/**
 * A funding pot (joint commissioning): the Police and Crime Commissioner of one area co-funds
 * accommodation there for its division's purchases this financial year.
 */
export interface DemoFundingPot {
  name: string;
  divisionCode: string;
  financialYear: number;
  needs: FactorCode[];
  pccAreaCodes: string[];
  /** The area whose Police and Crime Commissioner funds it (its only co-funder). */
  funderPccAreaCode: string;
  totalPence: number;
  committedPence: number;
  spentPence: number;
  outcomePaymentsSpentPence: number;
  createdAt: Date;
}

export interface DemoSearch {
  at: Date;
  divisionCode: string;
  factors: FactorCode[];
  pccAreaCode: string;
  contractPackageAreaCode: string;
  areaDivisionCode: string;
  filters: { factors: FactorCode[]; pccAreaCode: string; person?: PersonProfile };
  resultCount: number;
  availableCount: number;
  /** One of the division's probation practitioners. */
  searchedBy: string;
  /** The factors found available: addressed by a published listing serving the area, with a place, admitting the person. */
  availableFactors: FactorCode[];
  personSex: string | null;
  personSupervisionType: string | null;
}

export interface DemoHistory {
  referrals: DemoReferral[];
  outcomes: DemoOutcome[];
  budgets: DemoBudget[];
  fundingPots: DemoFundingPot[];
  searches: DemoSearch[];
  /** Places held by live referrals, per listing (same order as the listings). */
  placesHeld: number[];
  /** Each provider's hidden quality: the chance a factor judgement says "sufficient". */
  quality: number[];
}

/** A listing with its provider, in the order the seeder writes listings. */
export interface DemoListingRef {
  provider: number;
  listing: DemoListing;
}

export function flattenListings(market: DemoOrganisation[]): DemoListingRef[] {
  return market.flatMap((organisation, provider) =>
    organisation.listings.map((listing) => ({ provider, listing })),
  );
}

/**
 * The history of `market` up to the day before `today`. `outcomeCounts` is how many current
 * desired outcomes each factor has (referrals pick among them by position).
 */
export function buildDemoHistory(
  market: DemoOrganisation[],
  geography: DemoGeography,
  today: string,
  outcomeCounts: Partial<Record<FactorCode, number>>,
  seed = DEMO_SEED + 1,
  /** Listings a subcontractor delivers (supply chains): the funding pot prefers their purchases. */
  delivered: ReadonlySet<DemoListing> = new Set(),
): DemoHistory {
  const builder = new HistoryBuilder(market, geography, today, outcomeCounts, new Random(seed));
  return builder.build(delivered);
}

/** An instant on `day` at a working hour (UTC, so the same day in London). */
const at = atHour;

class HistoryBuilder {
  private readonly listings: DemoListingRef[];
  private readonly areaCpa = new Map<string, string>();
  private readonly cpaDivision = new Map<string, string>();
  private readonly divisionAreas = new Map<string, string[]>();
  /** Buyable listings (not draft, with places) reaching each PCC area. */
  private readonly reaching = new Map<string, number[]>();
  /** Per listing: the [from, to) days each of its referrals held a place. */
  private readonly held: [string, string][][];

  constructor(
    market: DemoOrganisation[],
    geography: DemoGeography,
    private readonly today: string,
    private readonly outcomeCounts: Partial<Record<FactorCode, number>>,
    private readonly random: Random,
    /**
     * Draws added for the measures (issue 18): whether the outcome-level questions applied, and
     * who searched for whom. A separate sequence, so the rest of the history stays as it was.
     */
    private readonly measures: Random = new Random(18),
  ) {
    this.listings = flattenListings(market);
    this.held = this.listings.map(() => []);
    for (const cpa of geography.contractPackageAreas)
      this.cpaDivision.set(cpa.code, cpa.divisionCode);
    const areas = [...geography.pccAreas].sort((a, b) => a.code.localeCompare(b.code));
    for (const area of areas) {
      this.areaCpa.set(area.code, area.contractPackageAreaCode);
      const division = this.cpaDivision.get(area.contractPackageAreaCode)!;
      this.divisionAreas.set(division, [...(this.divisionAreas.get(division) ?? []), area.code]);
      this.reaching.set(area.code, []);
    }
    this.listings.forEach(({ listing }, i) => {
      if (listing.status === ListingStatus.DRAFT || listing.capacity === 0) return;
      for (const area of reachOf(listing)) this.reaching.get(area)?.push(i);
    });
  }

  build(delivered: ReadonlySet<DemoListing> = new Set()): DemoHistory {
    const r = this.random;
    // Hidden quality per provider: a few clearly good, most middling, a few poor.
    const providers = Math.max(...this.listings.map((l) => l.provider)) + 1;
    const quality: number[] = [];
    const slow: boolean[] = [];
    for (let p = 0; p < providers; p += 1) {
      const roll = r.next();
      quality.push(
        roll < 0.15
          ? 0.76 + r.next() * 0.08
          : roll < 0.88
            ? 0.5 + r.next() * 0.15
            : 0.26 + r.next() * 0.08,
      );
      slow.push(r.chance(0.15));
    }

    const divisions = [...this.divisionAreas.keys()].sort();
    const divisionWeights = divisions.map((d) => [d, DIVISION_WEIGHT[d] ?? 1] as const);
    const first = addDays(this.today, -HISTORY_DAYS);

    const referrals: DemoReferral[] = [];
    const outcomes: DemoOutcome[] = [];
    const searches: DemoSearch[] = [];
    for (let day = first; day < this.today; day = addDays(day, 1)) {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const purchases = weekend ? r.int(0, 2) : r.int(3, 9);
      for (let n = 0; n < purchases; n += 1) {
        const division = r.weighted(divisionWeights);
        const referral = this.purchase(day, division, quality, slow, referrals.length);
        if (!referral) continue;
        const outcome = this.outcome(referral, referrals.length, quality[referral.provider]);
        referral.timeline = timelineOf({
          ...referral,
          outcome: outcome && {
            ...outcome,
            judged: outcome.judgements.length,
            sufficient: outcome.judgements.filter((j) => j.sufficient).length,
          },
        });
        referrals.push(referral);
        if (outcome) outcomes.push(outcome);
      }
      const searchCount = weekend ? r.int(0, 4) : r.int(9, 17);
      for (let n = 0; n < searchCount; n += 1) {
        searches.push(this.search(day, r.weighted(divisionWeights)));
      }
    }

    const placesHeld = this.listings.map(() => 0);
    for (const referral of referrals) {
      if (LIVE_STATUSES.includes(referral.status)) placesHeld[referral.listing] += 1;
    }
    // Searches report availability as the catalogue stands now.
    for (const search of searches) {
      const found = this.found(search.pccAreaCode, search.factors[0], search.filters.person);
      search.resultCount = found.length;
      search.availableCount = found.filter(
        (i) => this.listings[i].listing.capacity - placesHeld[i] > 0,
      ).length;
      // One factor per demo search, every result serving the area: available when any is.
      search.availableFactors = search.availableCount > 0 ? [...search.factors] : [];
    }
    const fundingPots = this.fundingPots(referrals, delivered);
    return {
      referrals,
      outcomes,
      fundingPots,
      budgets: this.budgets(referrals),
      searches,
      placesHeld,
      quality,
    };
  }

  /** One purchase by `division` on `day`, or null when nothing suitable is free. */
  private purchase(
    day: string,
    division: string,
    quality: number[],
    slow: boolean[],
    sequence: number,
  ): DemoReferral | null {
    const r = this.random;
    const area = r.pick(this.divisionAreas.get(division)!);
    const candidates = this.reaching.get(area)!.filter((i) => {
      const { listing } = this.listings[i];
      // Listings since suspended or withdrawn were bought from in the past only.
      if (listing.status !== ListingStatus.PUBLISHED && day > addDays(this.today, -150))
        return false;
      return priceOn(listing, day) !== undefined;
    });
    if (candidates.length === 0) return null;
    const index = r.pick(candidates);
    const { listing, provider } = this.listings[index];
    const price = priceOn(listing, day)!;

    const person = this.person(listing);
    const failures = eligibilityFailures(listing, person);
    if (failures.length > 0) throw new Error(`Demo person not eligible: ${failures.join('; ')}`);
    const targetFactors = [
      listing.factors[0],
      ...r.sample(
        listing.factors.slice(1),
        r.weighted([
          [0, 6],
          [1, 3],
          [2, 1],
        ] as const),
      ),
    ];

    const units =
      price.unit === PriceUnit.PER_REFERRAL
        ? 1
        : price.unit === PriceUnit.PER_SESSION
          ? listing.sessionCount
          : price.unit === PriceUnit.PER_HOUR
            ? listing.sessionCount * r.int(1, 2)
            : Math.min(120, Math.max(7, listing.durationWeeks * 7 - r.int(0, 6)));

    // What it aims at: one or two desired outcomes per target factor.
    const complexity = r.weighted([
      [Complexity.LOW, 3],
      [Complexity.MEDIUM, 5],
      [Complexity.HIGH, 2],
    ] as const);
    const desiredOutcomes = targetFactors.flatMap((factor) => {
      const count = this.outcomeCounts[factor] ?? 0;
      const positions = Array.from({ length: count }, (_, i) => i);
      return r
        .sample(positions, Math.min(count, r.chance(0.4) ? 2 : 1))
        .sort((a, b) => a - b)
        .map((position) => ({ factor, position }));
    });
    const cost = purchaseCommitment(price, units, desiredOutcomes.length);

    // The story, told in full, then cut at today.
    const purchaser = `demo-purchaser-${division.toLowerCase()}`;
    const supplier = `demo-supplier-${provider + 1}`;
    const createdAt = at(day, r);
    const startDelay = slow[provider] ? r.int(21, 80) : r.int(3, 42);
    const startDay = addDays(day, startDelay);
    const decisionDay = addDays(day, r.int(0, Math.min(7, startDelay - 1)));
    const roll = r.next();
    const fate = roll < 0.07 ? 'decline' : roll < 0.13 && startDelay >= 3 ? 'cancel' : 'proceed';
    const cancelDay = addDays(day, r.int(1, startDelay - 1));
    const weeks = Math.max(1, listing.durationWeeks);
    const endsEarly = r.chance(0.16);
    // Half the early ends are the purchaser's withdrawals; the rest the provider's.
    const withdrawnStarted = endsEarly && r.chance(0.5);
    const endDay = endsEarly
      ? addDays(startDay, r.int(3, Math.max(4, weeks * 7 - 3)))
      : addDays(startDay, weeks * 7 + r.int(-3, 7));
    const attendance = Math.min(0.98, 0.55 + quality[provider] * 0.45 + (r.next() - 0.5) * 0.2);

    const happened = (d: string) => d < this.today;
    const changes: DemoStatusChange[] = [
      { status: ReferralStatus.SUBMITTED, at: createdAt, by: purchaser, reason: null },
    ];
    let status = ReferralStatus.SUBMITTED;
    let acceptedAt: Date | null = null;
    let startedOn: string | null = null;
    let completedAt: Date | null = null;
    let releasedOn: string | null = null;
    let declineReason: DeclineReason | null = null;
    let withdrawalReason: WithdrawalReason | null = null;
    let sessions: DemoSession[] = [];
    let actionPlans: DemoActionPlan[] = [];
    let caseNotes: DemoCaseNote[] = [];
    let report: DemoReport | null = null;
    let reportDue = false;
    const step = (next: ReferralStatus, when: Date, by: string, reason: string | null) => {
      changes.push({ status: next, at: when, by, reason });
      status = next;
    };
    const later = (d: string, after: Date) => {
      const t = at(d, r);
      return t > after ? t : new Date(after.getTime() + r.int(10, 120) * 60_000);
    };
    const story = (accepted: Date, started: boolean, ended: string | null): DeliveryStory => ({
      listing,
      targetFactors,
      supplier,
      purchaser,
      acceptedAt: accepted,
      startDay,
      started,
      endDay: ended,
      today: this.today,
      attendance: endsEarly ? attendance * 0.6 : attendance,
    });

    if (fate === 'decline') {
      if (happened(decisionDay)) {
        const [code, reason] = r.pick(DECLINE_REASONS);
        declineReason = code;
        step(ReferralStatus.DECLINED, later(decisionDay, createdAt), supplier, reason);
        releasedOn = decisionDay;
      }
    } else {
      if (happened(decisionDay)) {
        acceptedAt = later(decisionDay, createdAt);
        step(ReferralStatus.ACCEPTED, acceptedAt, supplier, null);
      }
      if (fate === 'cancel') {
        if (happened(cancelDay)) {
          const previous = changes[changes.length - 1].at;
          const [code, reason] = r.pick(CANCEL_REASONS);
          withdrawalReason = code;
          step(ReferralStatus.CANCELLED, later(cancelDay, previous), purchaser, reason);
          releasedOn = cancelDay;
        }
      } else if (acceptedAt && happened(startDay)) {
        const ended = happened(endDay) ? endDay : null;
        const plot = story(acceptedAt, true, ended);
        sessions = sessionsOf(plot, r);
        // The first session, attended, started it.
        const first = sessions[0].feedback!;
        startedOn = startDay;
        step(ReferralStatus.STARTED, new Date(first.at.getTime() + 1000), supplier, null);
        actionPlans = actionPlansOf(plot, sessions, r);
        if (ended) {
          completedAt = later(endDay, changes[changes.length - 1].at);
          const lastFeedback = sessions.reduce(
            (latest, s) => (s.feedback && s.feedback.at > latest ? s.feedback.at : latest),
            changes[changes.length - 1].at,
          );
          if (completedAt <= lastFeedback)
            completedAt = new Date(lastFeedback.getTime() + 3_600_000);
          if (withdrawnStarted) {
            const [code, reason] = r.pick(WITHDRAW_STARTED_REASONS);
            withdrawalReason = code;
            step(ReferralStatus.ENDED_EARLY, completedAt, purchaser, reason);
            // The provider's report follows a few days later (or is still due).
            const reportDay = addDays(endDay, r.int(2, 12));
            if (happened(reportDay)) {
              report = reportOf(
                desiredOutcomes,
                price.outcomePaymentPence,
                quality[provider],
                true,
                supplier,
                later(reportDay, completedAt),
                r,
              );
            } else reportDue = true;
          } else {
            // The report comes first, then the provider closes the referral.
            report = reportOf(
              desiredOutcomes,
              price.outcomePaymentPence,
              quality[provider],
              endsEarly,
              supplier,
              new Date(completedAt.getTime() - r.int(5, 60) * 60_000),
              r,
            );
            step(
              endsEarly ? ReferralStatus.ENDED_EARLY : ReferralStatus.COMPLETED,
              completedAt,
              supplier,
              endsEarly ? r.pick(END_EARLY_REASONS) : null,
            );
          }
          releasedOn = endDay;
        }
        caseNotes = caseNotesOf(plot, completedAt ?? at(addDays(this.today, -1), r), r);
      } else if (acceptedAt) {
        // Accepted, starting soon: the first session is booked and the plan may be in.
        const plot = story(acceptedAt, false, null);
        sessions = sessionsOf(plot, r);
        actionPlans = actionPlansOf(plot, sessions, r);
      }
    }
    const held = sessions.filter((s) => s.feedback);
    const sessionsOffered = startedOn ? held.length : null;
    const sessionsAttended = startedOn
      ? held.filter((s) => s.feedback!.sessionHappened && s.feedback!.attended !== Attendance.NO)
          .length
      : null;

    // A place is held from the purchase until released; skip the purchase when the listing is full.
    const until = releasedOn ?? '9999-12-31';
    const overlapping = this.held[index].filter(([from, to]) => from <= day && day < to).length;
    if (overlapping >= listing.capacity) return null;
    // Purchases come in day order, so no later place starts before this one: checking today is enough.
    this.held[index].push([day, until]);

    const crn = `${String.fromCharCode(65 + r.int(0, 25))}${String(r.int(0, 999_999)).padStart(6, '0')}`;
    const key = `demo-${String(sequence + 1).padStart(5, '0')}`;
    const notes = r.chance(0.25) ? r.pick(NOTES) : null;
    return {
      listing: index,
      provider,
      divisionCode: division,
      pccAreaCode: area,
      crn,
      person,
      targetFactors,
      units,
      priceAmountPence: price.amountPence,
      priceUnit: price.unit,
      totalPence: cost.totalPence,
      financialYear: financialYearOf(day),
      status,
      notes,
      createdBy: purchaser,
      idempotencyKey: key,
      requestHash: createHash('sha256')
        .update(JSON.stringify({ listing: index, crn, person, targetFactors, units, notes }))
        .digest('hex'),
      createdAt,
      acceptedAt,
      startedOn,
      completedAt,
      sessionsOffered,
      sessionsAttended,
      changes,
      complexity,
      desiredOutcomes,
      outcomePaymentPence: price.outcomePaymentPence,
      outcomePaymentMaxPence: cost.outcomePaymentMaxPence,
      outcomePaymentEarnedPence: report?.earnedPence ?? null,
      endOfServiceReportAt: report?.submittedAt ?? null,
      endOfServiceReportDue: reportDue,
      declineReason,
      withdrawalReason,
      actionPlans,
      sessions,
      caseNotes,
      report,
      timeline: [],
      fundingPot: null,
    };
  }

  /** Someone the listing admits: its own rule first, then the caseload's usual mix. */
  private person(listing: DemoListing): PersonProfile {
    const r = this.random;
    const sex = listing.sexes.length
      ? r.pick(listing.sexes)
      : r.weighted([
          [Sex.MALE, 85],
          [Sex.FEMALE, 15],
        ] as const);
    const lowest = Math.max(18, listing.minAge ?? 18);
    const highest = Math.max(lowest, Math.min(listing.maxAge ?? 64, 64));
    const age = r.chance(0.6)
      ? r.int(lowest, Math.min(highest, lowest + 17))
      : r.int(lowest, highest);
    const riskLevel = listing.riskLevels.length
      ? r.pick(listing.riskLevels)
      : r.weighted([
          [RiskLevel.LOW, 35],
          [RiskLevel.MEDIUM, 45],
          [RiskLevel.HIGH, 17],
          [RiskLevel.VERY_HIGH, 3],
        ] as const);
    const supervisionType = listing.supervisionTypes.length
      ? r.pick(listing.supervisionTypes)
      : r.weighted([
          [SupervisionType.COMMUNITY_SENTENCE, 50],
          [SupervisionType.LICENCE, 35],
          [SupervisionType.POST_SENTENCE_SUPERVISION, 10],
          [SupervisionType.PRE_RELEASE, 5],
        ] as const);
    return { sex, age, riskLevel, supervisionType };
  }

  /** The buying division's judgements, a few days after it finished (most finished ones). */
  private outcome(referral: DemoReferral, index: number, quality: number): DemoOutcome | null {
    const r = this.random;
    if (!SPENT_STATUSES.includes(referral.status) || !referral.completedAt) return null;
    const completed = referral.completedAt.toISOString().slice(0, 10);
    const day = addDays(completed, r.int(2, 14));
    const early = referral.status === ReferralStatus.ENDED_EARLY;
    if (day >= this.today || !r.chance(early ? 0.7 : 0.88)) return null;
    const chance = early ? quality * 0.7 : quality;
    return {
      referral: index,
      // The two outcome-level questions apply to most cases but not all (the Bulletin judged
      // risk of harm focus in 249 cases and information for review in 180).
      judgements: referral.targetFactors.map((factor) => ({
        factor,
        sufficient: r.chance(chance),
      })),
      riskOfHarmFocus: this.judgement(0.9, 0.58 + quality * 0.12),
      informationForReview: this.judgement(0.7, 0.6 + quality * 0.1),
      recordedBy: referral.createdBy,
      recordedAt: at(day, r),
    };
  }

  /** NOT_APPLICABLE unless the question applies (chance `applies`), then YES with chance `yes`. */
  private judgement(applies: number, yes: number): Judgement {
    const r = this.measures;
    if (!r.chance(applies)) return Judgement.NOT_APPLICABLE;
    return r.chance(yes) ? Judgement.YES : Judgement.NO;
  }

  private search(day: string, division: string): DemoSearch {
    const r = this.random;
    const area = r.pick(this.divisionAreas.get(division)!);
    const factor = r.weighted(SEARCH_FACTORS);
    const cpa = this.areaCpa.get(area)!;
    const m = this.measures;
    // Most searches describe the person (sex and supervision type feed the breakdowns); a
    // practitioner often searches again the same day (one need, counted once).
    const person = m.chance(0.75) ? this.searchedPerson() : undefined;
    return {
      at: at(day, r, 7, 18),
      divisionCode: division,
      factors: [factor],
      pccAreaCode: area,
      contractPackageAreaCode: cpa,
      areaDivisionCode: this.cpaDivision.get(cpa)!,
      filters: { factors: [factor], pccAreaCode: area, ...(person ? { person } : {}) },
      resultCount: 0,
      availableCount: 0,
      searchedBy: `demo-practitioner-${division.toLowerCase()}-${m.int(1, 6)}`,
      availableFactors: [],
      personSex: person?.sex ?? null,
      personSupervisionType: person?.supervisionType ?? null,
    };
  }

  /** Published listings a search for `factor` in `area` finds (search's own rule). */
  /** Someone searched for, in the caseload's usual mix (from the measures' own sequence). */
  private searchedPerson(): PersonProfile {
    const m = this.measures;
    return {
      sex: m.weighted([
        [Sex.MALE, 85],
        [Sex.FEMALE, 15],
      ] as const),
      age: m.int(18, 64),
      riskLevel: m.weighted([
        [RiskLevel.LOW, 35],
        [RiskLevel.MEDIUM, 45],
        [RiskLevel.HIGH, 17],
        [RiskLevel.VERY_HIGH, 3],
      ] as const),
      supervisionType: m.weighted([
        [SupervisionType.COMMUNITY_SENTENCE, 50],
        [SupervisionType.LICENCE, 35],
        [SupervisionType.POST_SENTENCE_SUPERVISION, 10],
        [SupervisionType.PRE_RELEASE, 5],
      ] as const),
    };
  }

  /** PUBLISHED listings for the factor serving the area (and admitting the person, when given). */
  private found(area: string, factor: FactorCode, person?: PersonProfile): number[] {
    const found: number[] = [];
    this.listings.forEach(({ listing }, i) => {
      if (
        listing.status === ListingStatus.PUBLISHED &&
        listing.factors.includes(factor) &&
        reachOf(listing).includes(area) &&
        (!person || eligibilityFailures(listing, person).length === 0)
      )
        found.push(i);
    });
    return found;
  }

  /**
   * Joint commissioning: the Police and Crime Commissioner of the area where a subcontractor's
   * accommodation service was last bought co-funds accommodation there for the area's division,
   * in that purchase's financial year (without such a purchase: the area with the most
   * accommodation-only purchases this financial year). The pot paid for every such purchase of that division (settlement.ts
   * `potMatches`), and holds a quarter more than they used, rounded up to £1,000.
   */
  private fundingPots(
    referrals: DemoReferral[],
    delivered: ReadonlySet<DemoListing>,
  ): DemoFundingPot[] {
    const isAccommodationOnly = (r: DemoReferral) =>
      r.targetFactors.length === 1 && r.targetFactors[0] === FactorCode.ACCOMMODATION;
    // Where a subcontractor's accommodation service was last bought, the pot is that area's and
    // that year's, so that the demo shows a chain's service paid from a PCC's pot.
    const chained = referrals
      .filter((r) => isAccommodationOnly(r) && delivered.has(this.listings[r.listing].listing))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    const financialYear = chained?.financialYear ?? financialYearOf(this.today);
    const accommodationOnly = (r: DemoReferral) =>
      r.financialYear === financialYear && isAccommodationOnly(r);
    const counts = new Map<string, number>();
    for (const r of referrals.filter(accommodationOnly))
      counts.set(r.pccAreaCode, (counts.get(r.pccAreaCode) ?? 0) + 1);
    const [area] = chained
      ? [chained.pccAreaCode]
      : ([...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? []);
    if (!area) return [];
    const divisionCode = [...this.divisionAreas.entries()].find(([, areas]) =>
      areas.includes(area),
    )![0];
    const terms = {
      id: 'demo-pot',
      needs: [FactorCode.ACCOMMODATION],
      pccAreaCodes: [area],
      createdAt: new Date(0),
    };
    const pot: DemoFundingPot = {
      name: `${area} accommodation ${financialYear}`,
      divisionCode,
      financialYear,
      needs: [FactorCode.ACCOMMODATION],
      pccAreaCodes: [area],
      funderPccAreaCode: area,
      totalPence: 0,
      committedPence: 0,
      spentPence: 0,
      outcomePaymentsSpentPence: 0,
      // The first day of the financial year, before any of its purchases.
      createdAt: new Date(Date.UTC(financialYear, 3, 1)),
    };
    for (const referral of referrals) {
      if (
        referral.financialYear !== financialYear ||
        referral.divisionCode !== divisionCode ||
        !potMatches(terms, referral)
      )
        continue;
      referral.fundingPot = 0;
      const money = moneyOf(referral);
      pot.committedPence += money.committedPence;
      pot.spentPence += money.spentPence;
      pot.outcomePaymentsSpentPence += money.outcomePaymentsSpentPence;
    }
    pot.totalPence = Math.ceil(((pot.committedPence + pot.spentPence) * 1.25) / 100_000) * 100_000;
    return [pot];
  }

  private budgets(referrals: DemoReferral[]): DemoBudget[] {
    const r = this.random;
    const current = financialYearOf(this.today);
    const budgets: DemoBudget[] = [];
    for (const divisionCode of [...this.divisionAreas.keys()].sort()) {
      for (const financialYear of [current - 1, current]) {
        let committedPence = 0;
        let spentPence = 0;
        let outcomePaymentsSpentPence = 0;
        for (const referral of referrals) {
          if (referral.divisionCode !== divisionCode || referral.financialYear !== financialYear)
            continue;
          // A funding pot paid for it: the division's budget never held its money.
          if (referral.fundingPot !== null) continue;
          const money = moneyOf(referral);
          committedPence += money.committedPence;
          spentPence += money.spentPence;
          outcomePaymentsSpentPence += money.outcomePaymentsSpentPence;
        }
        const base = (BUDGET_BASE[divisionCode] ?? 200_000_000) * (0.95 + r.next() * 0.1);
        const needed = Math.ceil(((committedPence + spentPence) * 1.25) / 100_000) * 100_000;
        budgets.push({
          divisionCode,
          financialYear,
          allocatedPence: Math.max(Math.round(base / 100_000) * 100_000, needed),
          committedPence,
          spentPence,
          outcomePaymentsSpentPence,
        });
      }
    }
    return budgets;
  }
}

/**
 * What a referral's money came to on its budget or pot, moved as the service moves it
 * (settlement.ts): committed when bought, then settled by how it ended and by its report.
 */
function moneyOf(referral: DemoReferral): {
  committedPence: number;
  spentPence: number;
  outcomePaymentsSpentPence: number;
} {
  const end = DEMO_ENDS[referral.status];
  const movements = [
    end ? { kind: end } : undefined,
    referral.report
      ? ({ kind: 'END_OF_SERVICE_REPORT', earnedPence: referral.report.earnedPence } as const)
      : undefined,
  ].flatMap((settlement) => (settlement ? [settle(settlement, referral)] : []));
  let committedPence = referral.totalPence + referral.outcomePaymentMaxPence;
  let spentPence = 0;
  let outcomePaymentsSpentPence = 0;
  for (const m of movements) {
    committedPence -= m.releasePence + m.spendPence;
    spentPence += m.spendPence;
    outcomePaymentsSpentPence += m.outcomePaymentsSpendPence;
  }
  return { committedPence, spentPence, outcomePaymentsSpentPence };
}

/** How the demo's finished referrals ended (a started one withdrawn settles as one ended early). */
const DEMO_ENDS: Partial<Record<ReferralStatus, EndKind>> = {
  DECLINED: 'DECLINE',
  CANCELLED: 'WITHDRAW_BEFORE_START',
  COMPLETED: 'COMPLETE',
  ENDED_EARLY: 'END_EARLY',
};

const SEARCH_FACTORS: (readonly [FactorCode, number])[] = [
  [FactorCode.ACCOMMODATION, 5],
  [FactorCode.ETE, 3],
  [FactorCode.DRUGS, 3],
  [FactorCode.ALCOHOL, 2],
  [FactorCode.FINANCE, 2],
  [FactorCode.EMOTIONAL_WELLBEING, 2],
  [FactorCode.RELATIONSHIPS, 1.5],
  [FactorCode.THINKING_BEHAVIOUR, 2],
  [FactorCode.ATTITUDES, 1],
  [FactorCode.LIFESTYLE, 1],
  [FactorCode.DISCRIMINATORY_ATTITUDES, 0.5],
  [FactorCode.GANG_MEMBERSHIP, 0.5],
];

const NOTES = [
  'Prefers morning sessions: signs on at the job centre in the afternoons.',
  'Needs step-free access.',
  'Has a young child; childcare support would help.',
  'Released recently; probation officer will attend the first session.',
  'English is a second language; an interpreter may be needed.',
];

/** PCC areas a listing reaches, by coverage or venue (search's rule). */
function reachOf(listing: DemoListing): string[] {
  return [...new Set([...listing.coverage, ...listing.venues.map((v) => v.pccAreaCode)])];
}

function priceOn(listing: DemoListing, day: string) {
  return listing.prices.find(
    (p) => p.effectiveFrom <= day && (p.effectiveTo === null || p.effectiveTo >= day),
  );
}
