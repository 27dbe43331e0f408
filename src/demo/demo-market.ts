/**
 * Builds the demo market as plain data, without touching the database: same geography, same
 * day and same seed give the same market. DemoSeeder writes it; demo-market.spec.ts checks it.
 */
import { addDays } from '../common/calendar';
import {
  Adaptation,
  DeliveryMode,
  ListingStatus,
  OrganisationKind,
  PriceUnit,
  RiskLevel,
  Sex,
  SupervisionType,
} from '../catalogue/catalogue.enums';
import { FactorCode } from '../reference/factor-code';
import {
  CRC_FACTOR_WEIGHTS,
  CRC_LISTINGS_BASE,
  CRC_LISTINGS_PER_AREA,
  DEMO_SEED,
  DemoProvider,
  EXTRA_ADAPTATIONS,
  GAP_AREA,
  GAP_FACTOR,
  INWARD_LETTERS,
  ListingTemplate,
  PRIVATE_PROVIDERS,
  PUBLIC_PROVIDERS,
  Reach,
  TEMPLATES,
  THIN_AREA,
  THIN_AREA_KEEP,
  TOWNS,
  VENUE_KINDS,
  VOLUNTARY_PROVIDERS,
  WOMEN_VENUE_KIND,
} from './demo-content';
import { Random } from './random';

/** Areas where the demo has services focused on Black, Asian and minority ethnic people. */
const BAME_FOCUS_AREAS = [
  'london',
  'west-midlands',
  'greater-manchester',
  'west-yorkshire',
  'leicestershire',
];
/** The geography the market is laid over (the reference tables, or geography.json). */
export interface DemoGeography {
  contractPackageAreas: { code: string; name: string; crcOwner: string; divisionCode: string }[];
  pccAreas: {
    code: string;
    name: string;
    contractPackageAreaCode: string;
    centroidLat: number;
    centroidLng: number;
  }[];
}

export interface DemoVenue {
  name: string;
  postcode: string;
  lat: number;
  lng: number;
  pccAreaCode: string;
  position: number;
}

export interface DemoPrice {
  amountPence: number;
  unit: PriceUnit;
  /** Paid per desired outcome achieved; 0 on most listings. */
  outcomePaymentPence: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface DemoListing {
  title: string;
  summary: string;
  description: string;
  factors: FactorCode[];
  deliveryModes: DeliveryMode[];
  accredited: boolean;
  sexes: Sex[];
  minAge: number | null;
  maxAge: number | null;
  riskLevels: RiskLevel[];
  supervisionTypes: SupervisionType[];
  eligibilityNotes: string | null;
  adaptations: Adaptation[];
  /** Why it is on the rate card: every CRC listing but drafts (issue 19), nobody else's. */
  rationale: string | null;
  coverage: string[];
  eveningSessions: boolean;
  weekendSessions: boolean;
  durationWeeks: number;
  sessionCount: number;
  capacity: number;
  nextStartDate: string | null;
  status: ListingStatus;
  lastConfirmedAt: Date;
  venues: DemoVenue[];
  /** Oldest first; each closed the day before the next starts, the latest open. */
  prices: DemoPrice[];
}

export interface DemoOrganisation {
  name: string;
  kind: OrganisationKind;
  crcOwner: string | null;
  charityNumber: string | null;
  contractPackageAreaCode: string | null;
  listings: DemoListing[];
}

/** A provider with its reach resolved to PCC area codes. */
interface Profile extends DemoProvider {
  areas: string[];
  /**
   * Areas a CRC has a published, fresh listing in (one each): every area is served somewhere,
   * and every area but the gap area has accommodation.
   */
  anchors: string[];
  crc: boolean;
}

const DAY_MS = 86_400_000;
const UK = { minLat: 49.8, maxLat: 60.9, minLng: -8.7, maxLng: 1.8 };

/**
 * The market for `today` ('YYYY-MM-DD', Europe/London) and `now` (the same moment): prices,
 * start dates and confirmations are placed relative to them so the data always looks current.
 */
export function buildDemoMarket(
  geography: DemoGeography,
  today: string,
  now: Date,
  seed = DEMO_SEED,
): DemoOrganisation[] {
  return new MarketBuilder(geography, today, now, new Random(seed)).build();
}

class MarketBuilder {
  private readonly areaName = new Map<string, string>();
  private readonly areaCpa = new Map<string, string>();
  private readonly cpaDivision = new Map<string, string>();
  private readonly allAreas: string[];

  constructor(
    private readonly geography: DemoGeography,
    private readonly today: string,
    private readonly now: Date,
    private readonly random: Random,
  ) {
    const pccAreas = [...geography.pccAreas].sort((a, b) => a.code.localeCompare(b.code));
    for (const cpa of geography.contractPackageAreas)
      this.cpaDivision.set(cpa.code, cpa.divisionCode);
    for (const area of pccAreas) {
      this.areaName.set(area.code, area.name);
      this.areaCpa.set(area.code, area.contractPackageAreaCode);
    }
    this.allAreas = pccAreas.map((a) => a.code);
    for (const code of this.allAreas) {
      if (!TOWNS[code]) throw new Error(`Demo data has no towns for PCC area ${code}`);
    }
  }

  /**
   * A registered charity number not yet given (they are unique across organisations): six digits
   * for older charities, seven (1xxxxxx) since the 1990s.
   */
  private charityNumber(given: Set<string>): string {
    for (;;) {
      const number = String(
        this.random.chance(0.25)
          ? this.random.int(200_000, 999_999)
          : this.random.int(1_000_000, 1_199_999),
      );
      if (!given.has(number)) {
        given.add(number);
        return number;
      }
    }
  }

  build(): DemoOrganisation[] {
    const organisations: DemoOrganisation[] = [];
    const charityNumbers = new Set<string>();
    const cpas = [...this.geography.contractPackageAreas].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const cpa of cpas) {
      const areas = this.allAreas.filter((code) => this.areaCpa.get(code) === cpa.code);
      const profile: Profile = {
        name: `${cpa.name} CRC`,
        kind: OrganisationKind.CRC,
        reach: { areas },
        factors: CRC_FACTOR_WEIGHTS.map(([factor]) => factor),
        listings: CRC_LISTINGS_BASE + CRC_LISTINGS_PER_AREA * areas.length,
        areas,
        anchors: areas,
        crc: true,
      };
      organisations.push({
        name: profile.name,
        kind: OrganisationKind.CRC,
        crcOwner: cpa.crcOwner,
        charityNumber: null,
        contractPackageAreaCode: cpa.code,
        listings: this.listingsOf(profile),
      });
    }
    for (const provider of [...VOLUNTARY_PROVIDERS, ...PRIVATE_PROVIDERS, ...PUBLIC_PROVIDERS]) {
      const profile: Profile = {
        ...provider,
        areas: this.resolve(provider.reach),
        anchors: [],
        crc: false,
      };
      const charity = provider.kind === OrganisationKind.VOLUNTARY_SECTOR;
      organisations.push({
        name: provider.name,
        kind: provider.kind,
        crcOwner: null,
        charityNumber: charity ? this.charityNumber(charityNumbers) : null,
        contractPackageAreaCode: null,
        listings: this.listingsOf(profile),
      });
    }
    return organisations;
  }

  private resolve(reach: Reach): string[] {
    if (reach === 'NATIONAL') return this.allAreas;
    if ('areas' in reach) {
      for (const code of reach.areas) {
        if (!this.areaCpa.has(code)) throw new Error(`Demo data names unknown PCC area ${code}`);
      }
      return reach.areas;
    }
    return this.allAreas.filter((code) =>
      reach.divisions.includes(this.cpaDivision.get(this.areaCpa.get(code)!)!),
    );
  }

  private listingsOf(profile: Profile): DemoListing[] {
    const listings: DemoListing[] = [];
    const titles = new Set<string>();
    for (let i = 0; i < profile.listings; i += 1) {
      listings.push(this.listing(profile, titles, profile.anchors[i]));
    }
    return listings;
  }

  private pickFactor(profile: Profile, anchor: string | undefined): FactorCode {
    const weights: [FactorCode, number][] = profile.crc
      ? CRC_FACTOR_WEIGHTS
      : profile.factors.map((factor, i) => [factor, Math.max(1, 5 - i * 1.5)]);
    if (!anchor) return this.random.weighted(weights);
    // A CRC's anchor listing in each of its areas is an accommodation service, so that the gap
    // area is the only one without any; there, it is something else.
    if (anchor !== GAP_AREA) return GAP_FACTOR;
    return this.random.weighted(weights.filter(([factor]) => factor !== GAP_FACTOR));
  }

  private pickTemplate(profile: Profile, factor: FactorCode): ListingTemplate {
    const all = TEMPLATES[factor];
    const forWomen = (t: ListingTemplate) => t.sexes?.includes(Sex.FEMALE) ?? false;
    const forMen = (t: ListingTemplate) => t.sexes?.includes(Sex.MALE) ?? false;
    const young = (t: ListingTemplate) => t.ages?.[1] != null && t.ages[1] <= 30;
    let candidates = all;
    if (profile.women) {
      candidates = all.filter((t) => !forMen(t));
      const womens = candidates.filter(forWomen);
      if (womens.length > 0 && this.random.chance(0.7)) candidates = womens;
    } else if (!this.random.chance(0.15)) {
      const general = all.filter((t) => !forWomen(t));
      if (general.length > 0) candidates = general;
    }
    if (profile.youngAdults) {
      const youngs = candidates.filter(young);
      if (youngs.length > 0 && this.random.chance(0.6)) candidates = youngs;
    }
    return this.random.pick(candidates);
  }

  private listing(profile: Profile, titles: Set<string>, anchor: string | undefined): DemoListing {
    const r = this.random;
    const primary = this.pickFactor(profile, anchor);
    const template = this.pickTemplate(profile, primary);
    const factors = [primary];
    for (const also of template.also ?? []) {
      if (!factors.includes(also) && r.chance(0.5)) factors.push(also);
    }
    if (!profile.crc && profile.factors.length > 1 && r.chance(0.15)) {
      const extra = r.pick(profile.factors);
      if (!factors.includes(extra)) factors.push(extra);
    }

    const residential = template.modes.includes(DeliveryMode.RESIDENTIAL);
    const online =
      !residential &&
      !anchor &&
      (template.modes.includes(DeliveryMode.ONLINE)
        ? r.chance(profile.online ? 0.8 : 0.4)
        : Boolean(profile.online) && r.chance(0.5));
    const deliveryModes = [...template.modes];
    if (online && !deliveryModes.includes(DeliveryMode.ONLINE)) {
      deliveryModes.push(DeliveryMode.ONLINE);
    }
    if (!online) {
      const i = deliveryModes.indexOf(DeliveryMode.ONLINE);
      if (i >= 0 && deliveryModes.length > 1) deliveryModes.splice(i, 1);
    }

    // Where: venues (towns in the provider's areas) and coverage (PCC areas served).
    let venueAreas: string[];
    let coverage: string[];
    if (anchor) {
      venueAreas = [anchor];
      coverage = [anchor];
    } else if (online) {
      venueAreas = r.chance(0.5) ? [r.pick(profile.areas)] : [];
      coverage = [...profile.areas];
    } else {
      const home = r.pick(profile.areas);
      const sameCpa = profile.areas.filter((a) => this.areaCpa.get(a) === this.areaCpa.get(home));
      const count = r.weighted([
        [1, 6],
        [2, 3],
        [3, 1],
      ] as const);
      venueAreas = [home];
      for (let i = 1; i < count; i += 1) venueAreas.push(r.pick(sameCpa));
      const division = this.cpaDivision.get(this.areaCpa.get(home)!);
      if (profile.crc) {
        coverage = r.chance(0.6) ? [...profile.areas] : unique(venueAreas);
      } else if (profile.reach === 'NATIONAL' || 'divisions' in profile.reach) {
        coverage = r.chance(0.35)
          ? profile.areas.filter((a) => this.cpaDivision.get(this.areaCpa.get(a)!) === division)
          : r.chance(0.5)
            ? sameCpa
            : unique(venueAreas);
      } else {
        coverage = r.chance(0.4) ? [...profile.areas] : unique(venueAreas);
      }
    }

    // The deliberate gaps (see demo-content.ts).
    if (factors.includes(GAP_FACTOR)) {
      venueAreas = venueAreas.filter((a) => a !== GAP_AREA);
      coverage = coverage.filter((a) => a !== GAP_AREA);
    }
    const reachesThin = venueAreas.includes(THIN_AREA) || coverage.includes(THIN_AREA);
    if (!anchor && reachesThin && !r.chance(THIN_AREA_KEEP)) {
      venueAreas = venueAreas.filter((a) => a !== THIN_AREA);
      coverage = coverage.filter((a) => a !== THIN_AREA);
    }
    if (venueAreas.length === 0 && coverage.length === 0) {
      const fallback = profile.areas.find((a) => a !== GAP_AREA && a !== THIN_AREA)!;
      venueAreas = [fallback];
      coverage = [fallback];
    }
    coverage = unique(coverage).sort();

    const women = template.sexes?.includes(Sex.FEMALE) || (profile.women && r.chance(0.6));
    const { venues, towns } = this.venues(venueAreas, residential, primary, Boolean(women));

    // Who: eligibility and adaptations.
    const sexes = template.sexes ?? (women ? [Sex.FEMALE] : []);
    const [minAge, maxAge] =
      template.ages ??
      (profile.youngAdults && r.chance(0.5)
        ? [18, 25]
        : r.weighted<[number | null, number | null]>([
            [[18, null], 80],
            [[21, null], 5],
            [[null, null], 15],
          ]));
    const riskLevels =
      template.riskLevels ??
      r.weighted<RiskLevel[]>([
        [[], 55],
        [[RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH], 30],
        [[RiskLevel.LOW, RiskLevel.MEDIUM], 15],
      ]);
    const adaptations = new Set<Adaptation>(template.adaptations ?? []);
    if (women) adaptations.add(Adaptation.WOMEN_ONLY);
    if (women && r.chance(0.3)) adaptations.add(Adaptation.CHILDCARE);
    for (const extra of r.sample(
      EXTRA_ADAPTATIONS,
      r.weighted([
        [0, 4],
        [1, 4],
        [2, 2],
      ] as const),
    )) {
      adaptations.add(extra);
    }

    // When and how much.
    const eveningSessions = !residential && r.chance(template.evening ?? 0.3);
    const weekendSessions = r.chance(template.weekend ?? 0.15);
    const durationWeeks = r.int(...template.weeks);
    const sessionCount = r.int(...template.sessions);
    const capacity = r.chance(0.05) ? 0 : r.int(...(template.capacity ?? [4, 30]));
    const dropInOnly = deliveryModes.every((m) => m === DeliveryMode.DROP_IN);
    const nextStartDate = dropInOnly || !r.chance(0.88) ? null : addDays(this.today, r.int(1, 60));

    const roll = r.next();
    const status = anchor
      ? ListingStatus.PUBLISHED
      : roll < 0.05
        ? ListingStatus.DRAFT
        : roll < 0.105
          ? ListingStatus.SUSPENDED
          : roll < 0.13
            ? ListingStatus.WITHDRAWN
            : ListingStatus.PUBLISHED;
    // Mostly confirmed in the last 60 days; about one in ten not for over 120 days (stale).
    const stale = !anchor && r.chance(0.1);
    const daysAgo = stale ? r.int(121, 400) : r.int(0, anchor ? 30 : 59);
    const lastConfirmedAt = new Date(
      this.now.getTime() - daysAgo * DAY_MS - r.int(0, 86_399) * 1000,
    );

    const place = towns[0] ?? 'online';
    let title = template.title;
    for (let n = 2; titles.has(title); n += 1) {
      title = n === 2 ? `${template.title} (${place})` : `${template.title} (${place} ${n - 1})`;
    }
    titles.add(title);
    // Services focused on Black, Asian and minority ethnic people: a few, in the big cities only,
    // so their provision by area is uneven (a rule on the title, not a draw: the rest of the
    // market stays as it was).
    if (
      coverage.some((a) => BAME_FOCUS_AREAS.includes(a)) &&
      [...title].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1009, 7) % 6 === 0
    ) {
      adaptations.add(Adaptation.BAME_FOCUSED);
    }

    return {
      title,
      summary: template.summary,
      description: this.description(template, profile, towns, coverage, {
        eveningSessions,
        weekendSessions,
      }),
      factors,
      deliveryModes,
      accredited: template.accredited ?? false,
      sexes,
      minAge,
      maxAge,
      riskLevels,
      supervisionTypes: template.supervisionTypes ?? [],
      eligibilityNotes: template.notes ?? null,
      adaptations: [...adaptations].sort(),
      rationale:
        profile.crc && status !== ListingStatus.DRAFT
          ? this.rationale(profile, factors, coverage)
          : null,
      coverage,
      eveningSessions,
      weekendSessions,
      durationWeeks,
      sessionCount,
      capacity,
      nextStartDate,
      status,
      lastConfirmedAt,
      venues,
      prices: this.prices(template, status),
    };
  }

  private venues(
    areas: string[],
    residential: boolean,
    factor: FactorCode,
    women: boolean,
  ): { venues: DemoVenue[]; towns: string[] } {
    const r = this.random;
    const used = new Set<string>();
    const venues: DemoVenue[] = [];
    const towns: string[] = [];
    for (const area of areas) {
      const free = TOWNS[area].filter(([name]) => !used.has(name));
      if (free.length === 0) continue;
      const [town, district, lat, lng] = r.pick(free);
      used.add(town);
      towns.push(town);
      const kind = residential
        ? factor === FactorCode.ACCOMMODATION
          ? 'supported housing'
          : 'residential centre'
        : women
          ? WOMEN_VENUE_KIND
          : r.pick(VENUE_KINDS);
      const inward = `${r.int(1, 9)}${r.pick([...INWARD_LETTERS])}${r.pick([...INWARD_LETTERS])}`;
      venues.push({
        name: `${town} ${kind}`,
        postcode: `${district} ${inward}`,
        lat: clamp(round4(lat + (r.next() - 0.5) * 0.04), UK.minLat, UK.maxLat),
        lng: clamp(round4(lng + (r.next() - 0.5) * 0.06), UK.minLng, UK.maxLng),
        pccAreaCode: area,
        position: venues.length,
      });
    }
    return { venues, towns };
  }

  private description(
    template: ListingTemplate,
    profile: Profile,
    towns: string[],
    coverage: string[],
    when: { eveningSessions: boolean; weekendSessions: boolean },
  ): string {
    const where = towns.length > 0 ? ` in ${listOf(towns)}` : ' online and by phone';
    const served =
      coverage.length > 4
        ? ` for people on probation across ${coverage.length} PCC areas`
        : ` for people on probation in ${listOf(coverage.map((c) => this.areaName.get(c)!))}`;
    const times =
      when.eveningSessions && when.weekendSessions
        ? ' Evening and weekend sessions are available.'
        : when.eveningSessions
          ? ' Evening sessions are available.'
          : when.weekendSessions
            ? ' Weekend sessions are available.'
            : '';
    return `${template.description}\n\nDelivered by ${profile.name}${where}${served}.${times}`;
  }

  /**
   * A CRC's reasons for a listing, drawn from what it is and where (no random numbers, so the
   * rest of the market is as it was): the need evidence and who was asked.
   */
  private rationale(profile: Profile, factors: FactorCode[], coverage: string[]): string {
    const needs = listOf(factors.map((f) => f.toLowerCase().replace(/_/g, ' ')));
    const areas =
      coverage.length > 3
        ? `${coverage.length} PCC areas`
        : listOf(coverage.map((c) => this.areaName.get(c)!));
    return `Need evidence: OASys assessments of people on probation in ${areas} show ${needs} as a priority need. Stakeholder feedback: ${profile.name}'s practitioner forum and the local reducing reoffending board asked for it.`;
  }

  /**
   * 1-3 versions: the first from some day in the last two years, rises each 1 April after it,
   * and now and then a rise already announced for next 1 April.
   */
  private prices(template: ListingTemplate, status: ListingStatus): DemoPrice[] {
    const r = this.random;
    const [minPounds, maxPounds] = template.pounds;
    // Per-referral prices in whole £5; smaller units to the 50p.
    const step = template.unit === PriceUnit.PER_REFERRAL ? 500 : 50;
    const current = r.int((minPounds * 100) / step, (maxPounds * 100) / step) * step;
    const versions = r.weighted([
      [1, 4],
      [2, 4],
      [3, 2],
    ] as const);
    const first = addDays(this.today, -r.int(30, 760));
    const aprils: string[] = [];
    for (let year = Number(first.slice(0, 4)); ; year += 1) {
      const april = `${year}-04-01`;
      if (april > this.today) break;
      if (april > first) aprils.push(april);
    }
    // Draw the same number of values whatever the day, so that only dates and amounts depend
    // on it and the rest of the market (titles, areas, statuses) is the same any day.
    const rises = [r.int(2, 6), r.int(2, 6)];
    const announced = r.chance(0.08);
    const announcedRise = r.int(2, 5);
    const starts = [first, ...aprils.slice(Math.max(0, aprils.length - (versions - 1)))];
    const amounts = [current];
    for (let i = starts.length - 2; i >= 0; i -= 1) {
      amounts.unshift(Math.max(step, Math.round(amounts[0] / (1 + rises[i] / 100) / step) * step));
    }
    if (status === ListingStatus.PUBLISHED && starts.length < 3 && announced) {
      const year = Number(this.today.slice(0, 4));
      starts.push(`${this.today >= `${year}-04-01` ? year + 1 : year}-04-01`);
      amounts.push(Math.round((current * (1 + announcedRise / 100)) / step) * step);
    }
    // About half the per-referral services also pay on outcomes (a quarter of the fee per desired
    // outcome achieved). Chosen by the title, not the random stream, so the rest stays as it was.
    const paysOnOutcomes =
      template.unit === PriceUnit.PER_REFERRAL &&
      [...template.title].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 2 === 0;
    return starts.map((effectiveFrom, i) => ({
      amountPence: amounts[i],
      unit: template.unit,
      outcomePaymentPence: paysOnOutcomes
        ? Math.max(500, Math.round(amounts[i] / 4 / 500) * 500)
        : 0,
      effectiveFrom,
      effectiveTo: i + 1 < starts.length ? addDays(starts[i + 1], -1) : null,
    }));
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/** "A", "A and B", "A, B and C". */
function listOf(items: string[]): string {
  const distinct = unique(items);
  return distinct.length <= 1
    ? (distinct[0] ?? '')
    : `${distinct.slice(0, -1).join(', ')} and ${distinct[distinct.length - 1]}`;
}
