import { OrganisationKind, PriceUnit } from '../catalogue/catalogue.enums';
import { Intervention, Organisation } from '../catalogue/catalogue.models';
import { FactorCode } from '../reference/factor-code';
import { eligibilityTerm, needTerm, Taxonomy, TAXONOMY_BY_ID, Term, uuidV5 } from './oruk-ids';

/** A published listing with everything the feed shows about it. */
export interface FeedListing {
  intervention: Intervention;
  organisation: Organisation;
  /** The subcontractor delivering it for the organisation (the prime), if one does. */
  deliverer?: Organisation;
  venues: {
    id: string;
    name: string;
    postcode: string;
    lat: number;
    lng: number;
    pccAreaCode: string;
  }[];
  /** The price in force today, only when the organisation publishes its prices openly. */
  price?: {
    id: string;
    amountPence: number;
    unit: PriceUnit;
    effectiveFrom: string;
    effectiveTo: string | null;
  };
  lastModified: Date;
}

export interface FeedContext {
  /** Where the feed is served, e.g. https://example.org/oruk (for term and taxonomy URIs). */
  feedUrl: string;
  pccAreaName: (code: string) => string;
}

type Json = Record<string, unknown>;

/** Leaves out every property without a value (the standard wants no nulls and no empty optionals). */
export function compact<T extends Json>(record: T): Json {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([, value]) =>
        value !== undefined &&
        value !== null &&
        value !== '' &&
        !(Array.isArray(value) && value.length === 0),
    ),
  );
}

const KIND_WORDS: Record<OrganisationKind, string> = {
  CRC: 'A Community Rehabilitation Company',
  VOLUNTARY_SECTOR: 'A voluntary and community sector organisation',
  PRIVATE: 'A private company',
  PUBLIC_SECTOR: 'A public sector body',
  // Co-funders publish no services, so the feed never shows them; named for completeness.
  PCC: 'A Police and Crime Commissioner',
  LOCAL_AUTHORITY: 'A local authority',
  HEALTH: 'A health body',
};

const UNIT_WORDS: Record<PriceUnit, string> = {
  PER_REFERRAL: 'per referral',
  PER_SESSION: 'per session',
  PER_HOUR: 'per hour',
  PER_DAY: 'per day',
};

export function organizationOf(organisation: Organisation): Json {
  const identifiers = [
    organisation.charityNumber && {
      id: uuidV5(`organization-identifier:${organisation.id}:charity`),
      organization_id: organisation.id,
      identifier_scheme: 'GB-CHC',
      identifier_type: 'Charity Commission for England and Wales registration number',
      identifier: organisation.charityNumber,
    },
    organisation.companyNumber && {
      id: uuidV5(`organization-identifier:${organisation.id}:company`),
      organization_id: organisation.id,
      identifier_scheme: 'GB-COH',
      identifier_type: 'Companies House registration number',
      identifier: organisation.companyNumber,
    },
  ].filter(Boolean);
  return compact({
    id: organisation.id,
    name: organisation.name,
    description:
      organisation.description ??
      `${KIND_WORDS[organisation.kind]} offering interventions for people on probation.`,
    website: organisation.website ?? undefined,
    organization_identifiers: identifiers,
  });
}

export function termOf(term: Term, context: FeedContext): Json {
  const taxonomy = TAXONOMY_BY_ID.get(term.taxonomyId)!;
  return {
    id: term.id,
    name: term.name,
    description: term.description,
    taxonomy: taxonomy.name,
    taxonomy_id: taxonomy.id,
    term: term.code,
    term_uri: `${context.feedUrl}/taxonomy_terms/${term.id}`,
  };
}

export function taxonomyOf(taxonomy: Taxonomy, context: FeedContext, withTerms: boolean): Json {
  return compact({
    id: taxonomy.id,
    name: taxonomy.name,
    description: taxonomy.description,
    uri: `${context.feedUrl}/taxonomies/${taxonomy.id}`,
    version: taxonomy.version,
    taxonomy_terms: withTerms ? taxonomy.terms.map((term) => termOf(term, context)) : undefined,
  });
}

function attributeOf(serviceId: string, term: Term, context: FeedContext): Json {
  return {
    id: uuidV5(`attribute:${serviceId}:${term.id}`),
    link_id: serviceId,
    link_type: 'service',
    taxonomy_term_id: term.id,
    taxonomy_term: termOf(term, context),
  };
}

/** Needs addressed, then who is admitted and how the intervention is adapted. */
function attributesOf(listing: Intervention, context: FeedContext): Json[] {
  const { eligibility } = listing;
  const codes = [
    ...eligibility.sexes.map((sex) => `SEX_${sex}`),
    ...eligibility.riskLevels.map((risk) => `RISK_${risk}`),
    ...eligibility.supervisionTypes.map((type) => `SUPERVISION_${type}`),
    ...listing.adaptations.map((adaptation) => `ADAPTATION_${adaptation}`),
  ];
  return [
    ...listing.factors.map((factor: FactorCode) =>
      attributeOf(listing.id, needTerm(factor), context),
    ),
    ...codes.map((code) => attributeOf(listing.id, eligibilityTerm(code), context)),
  ];
}

/** Evening and weekend sessions as weekly rules, each from the next start date when known. */
function schedulesOf(listing: Intervention): Json[] {
  const from = listing.nextStartDate ?? undefined;
  const schedules: Json[] = [];
  if (listing.eveningSessions) {
    schedules.push(
      compact({
        id: uuidV5(`schedule:${listing.id}:evening`),
        service_id: listing.id,
        freq: 'WEEKLY',
        byday: 'MO,TU,WE,TH,FR',
        opens_at: '17:00',
        valid_from: from,
        dtstart: from,
        description: 'Evening sessions on weekdays.',
        attending_type: 'in_person',
      }),
    );
  }
  if (listing.weekendSessions) {
    schedules.push(
      compact({
        id: uuidV5(`schedule:${listing.id}:weekend`),
        service_id: listing.id,
        freq: 'WEEKLY',
        byday: 'SA,SU',
        valid_from: from,
        dtstart: from,
        description: 'Weekend sessions.',
        attending_type: 'in_person',
      }),
    );
  }
  if (schedules.length === 0 && from) {
    schedules.push({
      id: uuidV5(`schedule:${listing.id}:next-start`),
      service_id: listing.id,
      valid_from: from,
      dtstart: from,
      description: `Next start: ${from}.`,
    });
  }
  return schedules;
}

export function locationOf(venue: FeedListing['venues'][number], context: FeedContext): Json {
  const locationId = uuidV5(`location:${venue.id}`);
  return {
    id: locationId,
    location_type: 'physical',
    name: venue.name,
    latitude: venue.lat,
    longitude: venue.lng,
    addresses: [
      {
        id: uuidV5(`address:${venue.id}`),
        location_id: locationId,
        address_1: venue.name,
        // Venues record a postcode, not a street address: the police force area stands in for
        // the town and county.
        city: context.pccAreaName(venue.pccAreaCode),
        state_province: context.pccAreaName(venue.pccAreaCode),
        postal_code: venue.postcode,
        country: 'GB',
        address_type: 'physical',
      },
    ],
  };
}

function serviceAtLocationOf(
  listing: FeedListing,
  venue: FeedListing['venues'][number],
  context: FeedContext,
): Json {
  return {
    id: venue.id,
    service_id: listing.intervention.id,
    location_id: uuidV5(`location:${venue.id}`),
    location: locationOf(venue, context),
  };
}

/** The service record without its locations (as nested under a service_at_location). */
function serviceCore(listing: FeedListing, context: FeedContext): Json {
  const { intervention: i, organisation, price, deliverer } = listing;
  const description = [
    i.summary,
    i.description,
    deliverer && `Delivered by ${deliverer.name} for ${organisation.name}, under a subcontract.`,
    i.eligibility.notes && `Eligibility: ${i.eligibility.notes}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return compact({
    id: i.id,
    organization_id: organisation.id,
    name: i.title,
    description,
    status: 'active',
    accreditations: i.accredited
      ? 'Accredited programme (Correctional Services Accreditation and Advice Panel).'
      : undefined,
    minimum_age: i.eligibility.minAge ?? undefined,
    maximum_age: i.eligibility.maxAge ?? undefined,
    assured_date: i.lastConfirmedAt.toISOString().slice(0, 10),
    last_modified: listing.lastModified.toISOString(),
    organization: organizationOf(organisation),
    service_areas: i.coverageCodes.map((code) => ({
      id: uuidV5(`service-area:${i.id}:${code}`),
      service_id: i.id,
      name: context.pccAreaName(code),
      extent_type: 'police_force_area',
      service_area: code,
    })),
    schedules: schedulesOf(i),
    cost_options: price
      ? [
          compact({
            id: price.id,
            service_id: i.id,
            option: `Price ${UNIT_WORDS[price.unit]}`,
            amount: price.amountPence / 100,
            amount_description: `£${(price.amountPence / 100).toFixed(2)} ${UNIT_WORDS[price.unit]}, paid by the buying probation division (not by the person on probation).`,
            valid_from: price.effectiveFrom,
            valid_to: price.effectiveTo ?? undefined,
          }),
        ]
      : undefined,
    attributes: attributesOf(i, context),
  });
}

export function serviceOf(listing: FeedListing, context: FeedContext): Json {
  return compact({
    ...serviceCore(listing, context),
    service_at_locations: listing.venues.map((venue) =>
      serviceAtLocationOf(listing, venue, context),
    ),
  });
}

export function serviceAtLocationRecord(
  listing: FeedListing,
  venueId: string,
  context: FeedContext,
): Json {
  const venue = listing.venues.find((v) => v.id === venueId)!;
  return {
    ...serviceAtLocationOf(listing, venue, context),
    service: serviceCore(listing, context),
  };
}

/** The page envelope every list answers with. */
export function pageOf(contents: Json[], total: number, page: number, perPage: number): Json {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
