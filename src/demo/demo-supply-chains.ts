import { addDays } from '../common/calendar';
import { Adaptation, ListingStatus, OrganisationKind, Sex } from '../catalogue/catalogue.enums';
import { FactorCode } from '../reference/factor-code';
import { DemoListing, DemoOrganisation } from './demo-market';

/** One demo subcontract: organisations and listings by their index in the market. */
export interface DemoSubcontract {
  prime: number;
  subcontractor: number;
  reference: string;
  startsOn: string;
  endsOn: string;
  factors: FactorCode[];
  pccAreaCodes: string[];
  annualValuePence: number;
  /** The prime's listings the subcontractor delivers, by index in the prime's `listings`. */
  listings: number[];
}

export interface DemoSupplyChains {
  /** The market with the women-only service made so (the same market otherwise). */
  market: DemoOrganisation[];
  subcontracts: DemoSubcontract[];
}

/**
 * The chains: a CRC, the voluntary-sector subcontractors delivering some of its published
 * listings, and how the subcontract runs. `endsInDays` places the end relative to today.
 */
const CHAINS: {
  cpa: string;
  subcontractors: { name: string; listings: number; endsInDays: number; womenOnly?: boolean }[];
}[] = [
  {
    cpa: 'durham-tees-valley',
    subcontractors: [
      // The women-only service, the only one of its kind in its areas, on a subcontract ending
      // within 60 days: the service at risk the commissioners should see.
      { name: "Hope Street Women's Project", listings: 1, endsInDays: 45, womenOnly: true },
      { name: 'Northern Lights Recovery Community', listings: 1, endsInDays: 500 },
    ],
  },
  {
    cpa: 'cheshire-greater-manchester',
    subcontractors: [{ name: 'Second Chance Housing Trust', listings: 2, endsInDays: 700 }],
  },
];

function areasOf(listing: DemoListing): string[] {
  return [...new Set([...listing.coverage, ...listing.venues.map((v) => v.pccAreaCode)])].sort();
}

function isWomenOnly(listing: DemoListing): boolean {
  return listing.adaptations.includes(Adaptation.WOMEN_ONLY);
}

/**
 * Two CRC chains with voluntary-sector subcontractors over the demo market (deterministic: the
 * CRCs' first published listings, in market order). The first chain's first listing becomes
 * women-only, choosing one no other published women-only listing shares a need and an area with.
 */
export function buildDemoSupplyChains(market: DemoOrganisation[], today: string): DemoSupplyChains {
  const copy = market.map((o) => ({ ...o, listings: [...o.listings] }));
  const subcontracts: DemoSubcontract[] = [];
  CHAINS.forEach((chain, c) => {
    const prime = copy.findIndex(
      (o) => o.kind === OrganisationKind.CRC && o.contractPackageAreaCode === chain.cpa,
    );
    if (prime < 0) throw new Error(`No CRC holds ${chain.cpa} in the demo market`);
    const taken = new Set<number>();
    const published = copy[prime].listings
      .map((listing, index) => ({ listing, index }))
      .filter(({ listing }) => listing.status === ListingStatus.PUBLISHED);
    chain.subcontractors.forEach((s, n) => {
      const subcontractor = copy.findIndex(
        (o) => o.name === s.name && o.kind === OrganisationKind.VOLUNTARY_SECTOR,
      );
      if (subcontractor < 0) throw new Error(`No ${s.name} in the demo market`);
      const free = published.filter(({ index }) => !taken.has(index));
      const chosen = s.womenOnly
        ? free.filter(({ listing }) => onlyWomenOnlyOfItsKind(copy, prime, listing)).slice(0, 1)
        : free.slice(0, s.listings);
      if (chosen.length === 0) throw new Error(`No listing of ${chain.cpa} for ${s.name}`);
      for (const { index, listing } of chosen) {
        taken.add(index);
        if (s.womenOnly) {
          copy[prime].listings[index] = {
            ...listing,
            title: `${listing.title} (women only)`,
            sexes: [Sex.FEMALE],
            adaptations: [...new Set([...listing.adaptations, Adaptation.WOMEN_ONLY])],
          };
        }
      }
      const delivered = chosen.map(({ index }) => copy[prime].listings[index]);
      subcontracts.push({
        prime,
        subcontractor,
        reference: `SC-${chain.cpa.split('-')[0].toUpperCase()}-${String(n + 1).padStart(2, '0')}`,
        startsOn: addDays(today, -3 * 365 - c * 30 - n),
        endsOn: addDays(today, s.endsInDays),
        factors: [...new Set(delivered.flatMap((l) => l.factors))].sort(),
        pccAreaCodes: [...new Set(delivered.flatMap(areasOf))].sort(),
        annualValuePence: 15_000_000 + 5_000_000 * delivered.length,
        listings: chosen.map(({ index }) => index),
      });
    });
  });
  return { market: copy, subcontracts };
}

/**
 * Whether `listing`, made women-only, would be the only published women-only listing for any
 * of its needs in each of its areas.
 */
function onlyWomenOnlyOfItsKind(
  market: DemoOrganisation[],
  prime: number,
  listing: DemoListing,
): boolean {
  const areas = areasOf(listing);
  return !market.some((o, i) =>
    o.listings.some(
      (other) =>
        !(i === prime && other === listing) &&
        other.status === ListingStatus.PUBLISHED &&
        isWomenOnly(other) &&
        other.factors.some((f) => listing.factors.includes(f)) &&
        areasOf(other).some((a) => areas.includes(a)),
    ),
  );
}
