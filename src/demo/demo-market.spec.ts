import geography from '../../migrations/data/geography.json';
import { addDays } from '../common/calendar';
import {
  Adaptation,
  ListingStatus,
  OrganisationKind,
  PriceUnit,
  RiskLevel,
  Sex,
} from '../catalogue/catalogue.enums';
import { FactorCode } from '../reference/factor-code';
import { GAP_AREA, GAP_FACTOR, THIN_AREA } from './demo-content';
import { buildDemoMarket, DemoGeography, DemoListing } from './demo-market';

interface GeographyJson {
  divisions: {
    code: string;
    contractPackageAreas: {
      code: string;
      name: string;
      crcOwner: string;
      pccAreas: { code: string; name: string; centroid: { lat: number; lng: number } }[];
    }[];
  }[];
}

const geo: DemoGeography = { contractPackageAreas: [], pccAreas: [] };
for (const division of (geography as GeographyJson).divisions) {
  for (const cpa of division.contractPackageAreas) {
    geo.contractPackageAreas.push({ ...cpa, divisionCode: division.code });
    for (const area of cpa.pccAreas) {
      geo.pccAreas.push({
        code: area.code,
        name: area.name,
        contractPackageAreaCode: cpa.code,
        centroidLat: area.centroid.lat,
        centroidLng: area.centroid.lng,
      });
    }
  }
}
const centroid = new Map(geo.pccAreas.map((a) => [a.code, a]));

const TODAY = '2026-05-15';
const NOW = new Date(`${TODAY}T12:00:00Z`);
const market = buildDemoMarket(geo, TODAY, NOW);
const listings = market.flatMap((o) => o.listings.map((l) => ({ ...l, provider: o })));
const published = listings.filter((l) => l.status === ListingStatus.PUBLISHED);
const places = (l: DemoListing) => new Set([...l.coverage, ...l.venues.map((v) => v.pccAreaCode)]);

function km(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

describe('buildDemoMarket', () => {
  it('has every CRC, ~25 charities, ~8 private companies and ~6 public bodies', () => {
    const kinds = market.map((o) => o.kind);
    const count = (kind: OrganisationKind) => kinds.filter((k) => k === kind).length;
    expect(market).toHaveLength(60);
    expect(count(OrganisationKind.CRC)).toBe(21);
    expect(count(OrganisationKind.VOLUNTARY_SECTOR)).toBe(25);
    expect(count(OrganisationKind.PRIVATE)).toBe(8);
    expect(count(OrganisationKind.PUBLIC_SECTOR)).toBe(6);
    const cpas = new Set(market.map((o) => o.contractPackageAreaCode).filter(Boolean));
    expect(cpas.size).toBe(21);
    for (const o of market) {
      expect(o.kind === OrganisationKind.CRC).toBe(o.crcOwner !== null && o.name.endsWith(' CRC'));
      if (o.kind === OrganisationKind.VOLUNTARY_SECTOR)
        expect(o.charityNumber).toMatch(/^\d{6,8}$/);
      else expect(o.charityNumber).toBeNull();
    }
    expect(new Set(market.map((o) => o.name.toLowerCase())).size).toBe(market.length);
  });

  it('is the same market for the same seed, and the same listings whatever the day', () => {
    const again = buildDemoMarket(geo, TODAY, NOW);
    expect(again).toEqual(market);
    const later = buildDemoMarket(geo, '2027-09-30', new Date('2027-09-30T12:00:00Z'));
    const shape = (m: typeof market) =>
      m.flatMap((o) => o.listings.map((l) => [o.name, l.title, l.status, l.coverage, l.factors]));
    expect(shape(later)).toEqual(shape(market));
    expect(shape(buildDemoMarket(geo, TODAY, NOW, 1))).not.toEqual(shape(market));
  });

  it('spreads ~600 listings over all 42 PCC areas and all 12 factors', () => {
    expect(listings.length).toBeGreaterThanOrEqual(550);
    expect(listings.length).toBeLessThanOrEqual(650);
    const covered = new Set(published.flatMap((l) => [...places(l)]));
    expect([...covered].sort()).toEqual(geo.pccAreas.map((a) => a.code).sort());
    const factors = new Set(listings.flatMap((l) => l.factors));
    expect([...factors].sort()).toEqual(Object.values(FactorCode).sort());
    expect(new Set(listings.map((l) => l.title)).size).toBeGreaterThan(60);
  });

  it(`leaves no ${GAP_FACTOR} at all in ${GAP_AREA}, and ${THIN_AREA} thinly served`, () => {
    const gap = listings.filter((l) => l.factors.includes(GAP_FACTOR) && places(l).has(GAP_AREA));
    expect(gap).toEqual([]);
    // ...and it is the only area without a published one.
    const housed = new Set(
      published.filter((l) => l.factors.includes(GAP_FACTOR)).flatMap((l) => [...places(l)]),
    );
    expect(geo.pccAreas.map((a) => a.code).filter((code) => !housed.has(code))).toEqual([GAP_AREA]);
    // The gap area still has other services (the gap is in one factor, not a blank map).
    expect(published.filter((l) => places(l).has(GAP_AREA)).length).toBeGreaterThan(10);
    const thin = published.filter((l) => places(l).has(THIN_AREA)).length;
    expect(thin).toBeGreaterThanOrEqual(1);
    const perArea = geo.pccAreas.map((a) => published.filter((l) => places(l).has(a.code)).length);
    expect(thin).toBeLessThan(Math.min(...perArea.filter((n) => n !== thin)) / 3);
  });

  it('puts venues in plausible places: UK postcodes, near their PCC area, in order', () => {
    for (const l of listings) {
      expect(l.venues.length).toBeLessThanOrEqual(3);
      l.venues.forEach((v, i) => {
        expect(v.position).toBe(i);
        expect(v.postcode).toMatch(/^[A-Z]{1,2}\d{1,2}[A-Z]? \d[A-Z]{2}$/);
        expect(v.lat).toBeGreaterThanOrEqual(49.8);
        expect(v.lat).toBeLessThanOrEqual(60.9);
        expect(v.lng).toBeGreaterThanOrEqual(-8.7);
        expect(v.lng).toBeLessThanOrEqual(1.8);
        const c = centroid.get(v.pccAreaCode)!;
        expect(km(v.lat, v.lng, c.centroidLat, c.centroidLng)).toBeLessThan(100);
      });
      expect(l.venues.length + l.coverage.length).toBeGreaterThan(0);
    }
    expect(listings.filter((l) => l.venues.length === 0).length).toBeLessThan(listings.length / 5);
  });

  it('prices each listing in whole pence by unit, with 1-3 contiguous versions', () => {
    const ranges: Record<PriceUnit, [number, number]> = {
      PER_REFERRAL: [150, 2500],
      PER_SESSION: [25, 120],
      PER_HOUR: [20, 60],
      PER_DAY: [40, 150],
    };
    for (const l of listings) {
      expect(l.prices.length).toBeGreaterThanOrEqual(1);
      expect(l.prices.length).toBeLessThanOrEqual(3);
      l.prices.forEach((p, i) => {
        expect(Number.isInteger(p.amountPence)).toBe(true);
        const next = l.prices[i + 1];
        expect(p.effectiveTo).toBe(next ? addDays(next.effectiveFrom, -1) : null);
        if (next) expect(p.effectiveFrom < next.effectiveFrom).toBe(true);
      });
      const inForce = l.prices.find(
        (p) => p.effectiveFrom <= TODAY && (p.effectiveTo === null || p.effectiveTo >= TODAY),
      );
      expect(inForce).toBeDefined();
      const [min, max] = ranges[inForce!.unit];
      expect(inForce!.amountPence).toBeGreaterThanOrEqual(min * 100);
      expect(inForce!.amountPence).toBeLessThanOrEqual(max * 100);
    }
    const versions = listings.map((l) => l.prices.length);
    expect(versions.filter((n) => n > 1).length).toBeGreaterThan(listings.length / 3);
    expect(listings.some((l) => l.prices.some((p) => p.effectiveFrom > TODAY))).toBe(true);
  });

  it('has realistic statuses, confirmations and start dates', () => {
    const share = (f: (l: DemoListing) => boolean) => listings.filter(f).length / listings.length;
    expect(share((l) => l.status === ListingStatus.PUBLISHED)).toBeGreaterThan(0.8);
    for (const status of [ListingStatus.DRAFT, ListingStatus.SUSPENDED, ListingStatus.WITHDRAWN]) {
      expect(share((l) => l.status === status)).toBeGreaterThan(0.005);
      expect(share((l) => l.status === status)).toBeLessThan(0.1);
    }
    const ageDays = (l: DemoListing) => (NOW.getTime() - l.lastConfirmedAt.getTime()) / 86_400_000;
    expect(share((l) => ageDays(l) > 120)).toBeGreaterThan(0.05);
    expect(share((l) => ageDays(l) > 120)).toBeLessThan(0.15);
    expect(share((l) => ageDays(l) <= 60)).toBeGreaterThan(0.85);
    expect(listings.every((l) => ageDays(l) >= 0)).toBe(true);
    const in60 = addDays(TODAY, 60);
    expect(share((l) => l.nextStartDate !== null)).toBeGreaterThan(0.7);
    for (const l of listings) {
      if (l.nextStartDate) expect(l.nextStartDate > TODAY && l.nextStartDate <= in60).toBe(true);
      expect(l.capacity).toBeGreaterThanOrEqual(0);
      expect(l.capacity).toBeLessThanOrEqual(30);
      expect(l.durationWeeks).toBeGreaterThan(0);
      expect(l.sessionCount).toBeGreaterThan(0);
    }
  });

  it('declares eligibility and adaptations: women-only, young adults, risk limits, accredited', () => {
    const women = listings.filter((l) => l.adaptations.includes(Adaptation.WOMEN_ONLY));
    expect(women.length).toBeGreaterThan(10);
    expect(women.every((l) => l.sexes.length === 1 && l.sexes[0] === Sex.FEMALE)).toBe(true);
    expect(listings.filter((l) => l.minAge === 18 && l.maxAge === 25).length).toBeGreaterThan(5);
    const noVeryHigh = listings.filter(
      (l) => l.riskLevels.length > 0 && !l.riskLevels.includes(RiskLevel.VERY_HIGH),
    );
    expect(noVeryHigh.length).toBeGreaterThan(listings.length / 5);
    expect(listings.filter((l) => l.accredited).map((l) => l.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Thinking Skills Programme/)]),
    );
    expect(listings.some((l) => l.eveningSessions)).toBe(true);
    expect(listings.some((l) => l.weekendSessions)).toBe(true);
  });
});
