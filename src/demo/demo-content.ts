/**
 * What the demo market is made of: providers, the services each factor is met by, and towns
 * (with postcode districts) for venues. All names are invented for the demo; any likeness to
 * a real organisation is by the nature of the sector, not a claim about it.
 */
import { FactorCode } from '../reference/factor-code';
import {
  Adaptation,
  DeliveryMode,
  OrganisationKind,
  PriceUnit,
  RiskLevel,
  Sex,
  SupervisionType,
} from '../catalogue/catalogue.enums';

/** The seed of the demo market: change it and every machine gets a different (but equal) market. */
export const DEMO_SEED = 20_190_101;

/**
 * The deliberate gaps, for the commissioners' gap report to find:
 * - no ACCOMMODATION listing at all (any status, by venue or coverage) in Dyfed-Powys, the
 *   largest and most rural PCC area in Wales, while every other area has at least one (each
 *   CRC's core listing in each of its areas is an accommodation service). Inspectors found
 *   accommodation services missing in about one case in four where it was a priority;
 * - very thin provision of every kind in Cumbria: the Cumbria and Lancashire CRC's core listing
 *   and a handful of others reach it (most listings of providers covering the North West stop
 *   at Lancashire), against 40 or more published listings in every other area.
 */
export const GAP_AREA = 'dyfed-powys';
export const GAP_FACTOR = FactorCode.ACCOMMODATION;
export const THIN_AREA = 'cumbria';
/** Share of listings that would reach the thin area and are allowed to. */
export const THIN_AREA_KEEP = 0.12;

/** Where a provider works: whole divisions, listed PCC areas, or England and Wales. */
export type Reach = { divisions: string[] } | { areas: string[] } | 'NATIONAL';

export interface DemoProvider {
  name: string;
  kind: OrganisationKind;
  reach: Reach;
  /** What it specialises in, most important first. */
  factors: FactorCode[];
  listings: number;
  /** A women's organisation: prefers women-only services. */
  women?: boolean;
  /** Works with young adults (18-25) mostly. */
  youngAdults?: boolean;
  /** Delivers much of its work online or by phone. */
  online?: boolean;
}

const F = FactorCode;
const VCS = OrganisationKind.VOLUNTARY_SECTOR;
const PRIVATE = OrganisationKind.PRIVATE;
const PUBLIC = OrganisationKind.PUBLIC_SECTOR;

/** Voluntary and community sector: registered charities (numbers are generated). */
export const VOLUNTARY_PROVIDERS: DemoProvider[] = [
  {
    name: 'Second Chance Housing Trust',
    kind: VCS,
    reach: { divisions: ['NE', 'NW', 'MID', 'WAL'] },
    factors: [F.ACCOMMODATION, F.FINANCE],
    listings: 16,
  },
  {
    name: 'Open Door Recovery',
    kind: VCS,
    reach: { divisions: ['NW'] },
    factors: [F.DRUGS, F.ALCOHOL, F.LIFESTYLE],
    listings: 11,
  },
  {
    name: "New Leaf Women's Centre",
    kind: VCS,
    reach: { divisions: ['SWSC'] },
    factors: [F.EMOTIONAL_WELLBEING, F.RELATIONSHIPS, F.ACCOMMODATION, F.ETE],
    listings: 10,
    women: true,
  },
  {
    name: 'Pathways to Work Foundation',
    kind: VCS,
    reach: 'NATIONAL',
    factors: [F.ETE, F.FINANCE],
    listings: 16,
  },
  {
    name: 'The Bridge Mentoring Project',
    kind: VCS,
    reach: { divisions: ['MID'] },
    factors: [F.LIFESTYLE, F.ATTITUDES, F.THINKING_BEHAVIOUR],
    listings: 10,
  },
  {
    name: 'Safe Harbour Domestic Abuse Service',
    kind: VCS,
    reach: { divisions: ['SEE', 'LDN'] },
    factors: [F.RELATIONSHIPS, F.EMOTIONAL_WELLBEING],
    listings: 10,
  },
  {
    name: 'Keystone Homes Trust',
    kind: VCS,
    reach: { divisions: ['NE'] },
    factors: [F.ACCOMMODATION],
    listings: 9,
  },
  {
    name: 'Northern Lights Recovery Community',
    kind: VCS,
    reach: { areas: ['northumbria', 'durham', 'cleveland'] },
    factors: [F.DRUGS, F.ALCOHOL, F.LIFESTYLE],
    listings: 9,
  },
  {
    name: 'Cymru Recovery Partnership',
    kind: VCS,
    reach: { divisions: ['WAL'] },
    factors: [F.DRUGS, F.ALCOHOL, F.EMOTIONAL_WELLBEING],
    listings: 10,
  },
  {
    name: 'Valleys Employment Project',
    kind: VCS,
    reach: { areas: ['gwent', 'south-wales'] },
    factors: [F.ETE, F.FINANCE],
    listings: 7,
  },
  {
    name: 'Mind Matters Community Counselling',
    kind: VCS,
    reach: 'NATIONAL',
    factors: [F.EMOTIONAL_WELLBEING],
    listings: 12,
    online: true,
  },
  {
    name: 'Fresh Start Families',
    kind: VCS,
    reach: { areas: ['london'] },
    factors: [F.RELATIONSHIPS, F.FINANCE, F.EMOTIONAL_WELLBEING],
    listings: 8,
  },
  {
    name: 'Streetwise Youth Futures',
    kind: VCS,
    reach: { areas: ['london', 'west-midlands', 'greater-manchester', 'merseyside'] },
    factors: [F.GANG_MEMBERSHIP, F.LIFESTYLE, F.ETE],
    listings: 11,
    youngAdults: true,
  },
  {
    name: 'Common Ground Interfaith Trust',
    kind: VCS,
    reach: 'NATIONAL',
    factors: [F.DISCRIMINATORY_ATTITUDES, F.ATTITUDES],
    listings: 8,
    online: true,
  },
  {
    name: 'Money Sense Advice Trust',
    kind: VCS,
    reach: 'NATIONAL',
    factors: [F.FINANCE],
    listings: 10,
    online: true,
  },
  {
    name: 'Restore and Repair',
    kind: VCS,
    reach: { divisions: ['SWSC'] },
    factors: [F.ATTITUDES, F.RELATIONSHIPS],
    listings: 7,
  },
  {
    name: 'Learning Together Education Trust',
    kind: VCS,
    reach: { divisions: ['SEE'] },
    factors: [F.ETE],
    listings: 9,
  },
  {
    name: "Hope Street Women's Project",
    kind: VCS,
    reach: { areas: ['greater-manchester', 'merseyside', 'lancashire', 'cheshire'] },
    factors: [F.RELATIONSHIPS, F.EMOTIONAL_WELLBEING, F.DRUGS, F.ACCOMMODATION],
    listings: 10,
    women: true,
  },
  {
    name: 'Moorland Rural Outreach',
    kind: VCS,
    reach: { areas: ['north-yorkshire', 'durham', 'cumbria'] },
    factors: [F.LIFESTYLE, F.EMOTIONAL_WELLBEING, F.ETE],
    listings: 6,
  },
  {
    name: 'Phoenix Rising Recovery',
    kind: VCS,
    reach: { divisions: ['SEE'] },
    factors: [F.DRUGS, F.ALCOHOL],
    listings: 10,
  },
  {
    name: 'Horizon Young Adults Trust',
    kind: VCS,
    reach: { divisions: ['MID'] },
    factors: [F.LIFESTYLE, F.ETE, F.GANG_MEMBERSHIP, F.THINKING_BEHAVIOUR],
    listings: 9,
    youngAdults: true,
  },
  {
    name: 'Greenfields Community Farm',
    kind: VCS,
    reach: { areas: ['lincolnshire', 'norfolk', 'suffolk'] },
    factors: [F.ETE, F.EMOTIONAL_WELLBEING],
    listings: 6,
  },
  {
    name: 'Sober Spaces Alcohol Service',
    kind: VCS,
    reach: { areas: ['avon-somerset', 'gloucestershire', 'gwent', 'south-wales'] },
    factors: [F.ALCOHOL],
    listings: 8,
  },
  {
    name: 'The Anchor Project for Veterans',
    kind: VCS,
    reach: 'NATIONAL',
    factors: [F.EMOTIONAL_WELLBEING, F.ALCOHOL, F.ACCOMMODATION],
    listings: 10,
  },
  {
    name: 'Beacon Advocacy and Inclusion',
    kind: VCS,
    reach: { divisions: ['MID', 'NE'] },
    factors: [F.THINKING_BEHAVIOUR, F.EMOTIONAL_WELLBEING, F.RELATIONSHIPS],
    listings: 8,
  },
];

export const PRIVATE_PROVIDERS: DemoProvider[] = [
  {
    name: 'Meridian Employability Ltd',
    kind: PRIVATE,
    reach: 'NATIONAL',
    factors: [F.ETE, F.FINANCE],
    listings: 10,
  },
  {
    name: 'Keyworks Training Services Ltd',
    kind: PRIVATE,
    reach: { divisions: ['NE', 'NW'] },
    factors: [F.ETE],
    listings: 8,
  },
  {
    name: 'ClearPath Recovery Services Ltd',
    kind: PRIVATE,
    reach: { divisions: ['MID', 'SEE'] },
    factors: [F.DRUGS, F.ALCOHOL],
    listings: 9,
  },
  {
    name: 'Anchorage Supported Living Ltd',
    kind: PRIVATE,
    reach: { divisions: ['NW', 'MID'] },
    factors: [F.ACCOMMODATION],
    listings: 8,
  },
  {
    name: 'Mindset Behavioural Services Ltd',
    kind: PRIVATE,
    reach: 'NATIONAL',
    factors: [F.THINKING_BEHAVIOUR, F.ATTITUDES, F.RELATIONSHIPS],
    listings: 9,
  },
  {
    name: 'Sterling Money Advice Ltd',
    kind: PRIVATE,
    reach: { divisions: ['SEE', 'LDN'] },
    factors: [F.FINANCE],
    listings: 6,
  },
  {
    name: 'Brightwork Digital Skills Ltd',
    kind: PRIVATE,
    reach: 'NATIONAL',
    factors: [F.ETE],
    listings: 6,
    online: true,
  },
  {
    name: 'Harbourside Counselling Partnership Ltd',
    kind: PRIVATE,
    reach: { divisions: ['SWSC'] },
    factors: [F.EMOTIONAL_WELLBEING],
    listings: 6,
  },
];

export const PUBLIC_PROVIDERS: DemoProvider[] = [
  {
    name: 'Leeds City Council Housing Options Team',
    kind: PUBLIC,
    reach: { areas: ['west-yorkshire'] },
    factors: [F.ACCOMMODATION, F.FINANCE],
    listings: 6,
  },
  {
    name: 'Birmingham City Council Housing Solutions',
    kind: PUBLIC,
    reach: { areas: ['west-midlands'] },
    factors: [F.ACCOMMODATION],
    listings: 5,
  },
  {
    name: 'Greater Manchester NHS Trust Substance Misuse Service',
    kind: PUBLIC,
    reach: { areas: ['greater-manchester'] },
    factors: [F.DRUGS, F.ALCOHOL],
    listings: 6,
  },
  {
    name: 'Avon and Wiltshire NHS Trust Criminal Justice Liaison',
    kind: PUBLIC,
    reach: { areas: ['avon-somerset', 'wiltshire'] },
    factors: [F.EMOTIONAL_WELLBEING],
    listings: 5,
  },
  {
    name: 'Cardiff Council Into Work Service',
    kind: PUBLIC,
    reach: { areas: ['south-wales'] },
    factors: [F.ETE, F.FINANCE],
    listings: 5,
  },
  {
    name: 'Kent Fire and Rescue Service Youth Engagement',
    kind: PUBLIC,
    reach: { areas: ['kent'] },
    factors: [F.LIFESTYLE, F.GANG_MEMBERSHIP],
    listings: 4,
    youngAdults: true,
  },
];

/** How often a CRC's listing addresses each factor (CRCs offer the whole range). */
export const CRC_FACTOR_WEIGHTS: [FactorCode, number][] = [
  [F.ACCOMMODATION, 10],
  [F.ETE, 12],
  [F.FINANCE, 6],
  [F.RELATIONSHIPS, 9],
  [F.LIFESTYLE, 7],
  [F.DRUGS, 10],
  [F.ALCOHOL, 9],
  [F.EMOTIONAL_WELLBEING, 8],
  [F.THINKING_BEHAVIOUR, 10],
  [F.ATTITUDES, 6],
  [F.GANG_MEMBERSHIP, 2],
  [F.DISCRIMINATORY_ATTITUDES, 2],
];

/** A CRC lists this many services, plus CRC_LISTINGS_PER_AREA for each PCC area of its CPA. */
export const CRC_LISTINGS_BASE = 9;
export const CRC_LISTINGS_PER_AREA = 2;

/** A kind of service a provider may list; each listing is made from one, varied at random. */
export interface ListingTemplate {
  title: string;
  summary: string;
  description: string;
  modes: DeliveryMode[];
  unit: PriceUnit;
  /** Range of today's price in whole pounds. */
  pounds: [number, number];
  weeks: [number, number];
  sessions: [number, number];
  /** Other factors it often addresses too. */
  also?: FactorCode[];
  accredited?: boolean;
  sexes?: Sex[];
  ages?: [number | null, number | null];
  riskLevels?: RiskLevel[];
  supervisionTypes?: SupervisionType[];
  notes?: string;
  adaptations?: Adaptation[];
  /** Probability of evening / weekend sessions (defaults 0.3 and 0.15). */
  evening?: number;
  weekend?: number;
  capacity?: [number, number];
}

const M = DeliveryMode;
const U = PriceUnit;
const NOT_VERY_HIGH = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH];
const WOMEN = { sexes: [Sex.FEMALE], adaptations: [Adaptation.WOMEN_ONLY] };
const YOUNG_ADULTS: [number, number] = [18, 25];

export const TEMPLATES: Record<FactorCode, ListingTemplate[]> = {
  ACCOMMODATION: [
    {
      title: 'Supported housing move-on',
      summary:
        'Help to move on from approved premises or supported housing into a settled tenancy.',
      description:
        'A housing worker plans the move with the person from the first week: bidding for social housing, approaching private landlords, setting up utilities and benefits, and visiting weekly for the first months of the new tenancy.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [600, 1800],
      weeks: [12, 26],
      sessions: [8, 20],
      also: [F.FINANCE],
    },
    {
      title: 'Tenancy sustainment',
      summary: 'One-to-one help to keep a tenancy: rent, neighbours, repairs and letters.',
      description:
        'For people at risk of losing their home. Weekly visits cover rent arrears, housing benefit and Universal Credit housing costs, landlord liaison and the practical skills of running a home.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [400, 1200],
      weeks: [8, 24],
      sessions: [6, 16],
      also: [F.FINANCE],
    },
    {
      title: 'Housing advice before release',
      summary:
        'Housing assessment and applications made in custody so that nobody leaves prison with nowhere to go.',
      description:
        'Starts up to twelve weeks before release: a housing needs assessment, a duty to refer to the local authority, applications for supported housing and a meeting at the gate on the day of release.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [250, 700],
      weeks: [6, 12],
      sessions: [3, 8],
      supervisionTypes: [SupervisionType.PRE_RELEASE, SupervisionType.LICENCE],
      evening: 0,
      weekend: 0,
    },
    {
      title: 'Supported accommodation placement',
      summary: 'A room in shared supported housing with key-work support on site.',
      description:
        'Self-contained rooms in shared houses with staff on site during the day and on call at night. Each resident has a key worker and a support plan aimed at moving on within six months.',
      modes: [M.RESIDENTIAL],
      unit: U.PER_DAY,
      pounds: [40, 95],
      weeks: [12, 26],
      sessions: [12, 26],
      riskLevels: NOT_VERY_HIGH,
      notes: 'Not suitable for people with a current conviction for arson.',
      capacity: [2, 12],
    },
    {
      title: "Women's supported housing",
      summary: 'Safe, women-only supported accommodation with trauma-informed key work.',
      description:
        'Women-only houses staffed by women, with support for domestic abuse, mental health and contact with children. Residents can stay until a settled home is found.',
      modes: [M.RESIDENTIAL],
      unit: U.PER_DAY,
      pounds: [60, 150],
      weeks: [12, 39],
      sessions: [12, 39],
      ...WOMEN,
      also: [F.EMOTIONAL_WELLBEING],
      capacity: [2, 8],
    },
    {
      title: 'Private rented sector access scheme',
      summary: 'Rent deposit guarantees and landlord matching to open up private rented homes.',
      description:
        'The scheme guarantees the deposit and first month, matches people with landlords it works with, and stays in touch with both for six months so that problems are dealt with early.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [300, 900],
      weeks: [4, 26],
      sessions: [4, 10],
      also: [F.FINANCE],
    },
    {
      title: 'Housing First for complex needs',
      summary:
        'A settled home first, then intensive open-ended support for people with multiple needs.',
      description:
        'For people with a long history of homelessness, substance misuse and mental ill health. A small caseload lets workers visit several times a week and stay with the person through setbacks.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [1800, 2500],
      weeks: [26, 52],
      sessions: [26, 52],
      also: [F.DRUGS, F.EMOTIONAL_WELLBEING],
      capacity: [2, 8],
    },
    {
      title: "Young adults' housing pathway",
      summary: 'Supported lodgings and move-on support for 18 to 25 year olds.',
      description:
        'Places with trained hosts or in small shared houses, with life-skills sessions on cooking, budgeting and tenancy rights, and a planned move to independent living.',
      modes: [M.RESIDENTIAL, M.ONE_TO_ONE],
      unit: U.PER_DAY,
      pounds: [45, 110],
      weeks: [12, 26],
      sessions: [12, 26],
      ages: YOUNG_ADULTS,
      capacity: [2, 10],
    },
  ],
  ETE: [
    {
      title: 'Construction skills (CSCS card) course',
      summary: 'Level 1 health and safety and the CSCS test, with work placements on site.',
      description:
        'A two-week course leading to the Level 1 Award in Health and Safety in a Construction Environment and the CSCS labourer card, followed by introductions to local contractors.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [350, 750],
      weeks: [2, 4],
      sessions: [8, 15],
      capacity: [8, 16],
    },
    {
      title: 'Employment support and job brokerage',
      summary:
        'A job coach helps with CVs, disclosure of convictions, applications and interviews.',
      description:
        'One-to-one coaching to find and keep work: CV and disclosure letter, job search, interview practice and introductions to employers who recruit people with convictions. Support continues for 13 weeks into the job.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [400, 1200],
      weeks: [12, 26],
      sessions: [8, 20],
      evening: 0.4,
    },
    {
      title: 'Functional skills: English and maths',
      summary: 'Small-group English and maths from Entry Level to Level 2, at your own pace.',
      description:
        'Tutors assess the starting level and work towards Functional Skills qualifications. Sessions are short and informal, and learners can join at any time.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [25, 60],
      weeks: [10, 20],
      sessions: [10, 30],
      adaptations: [Adaptation.LEARNING_DISABILITY],
      evening: 0.5,
    },
    {
      title: 'Forklift truck licence training',
      summary: 'Counterbalance forklift training and accredited certificate in one week.',
      description:
        'A five-day course for novices leading to an accredited counterbalance forklift certificate, with help to apply for warehouse and logistics jobs afterwards.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [450, 900],
      weeks: [1, 2],
      sessions: [5, 5],
      capacity: [3, 6],
      evening: 0,
    },
    {
      title: 'Digital skills for work',
      summary: 'Getting online, email, job sites and Universal Credit journals, from scratch.',
      description:
        'For people who have been out of the digital world, often after a long sentence: using a smartphone and a computer safely, setting up email, searching for jobs and keeping a Universal Credit journal.',
      modes: [M.GROUP, M.ONLINE],
      unit: U.PER_SESSION,
      pounds: [25, 55],
      weeks: [4, 8],
      sessions: [4, 8],
    },
    {
      title: 'Self-employment and enterprise coaching',
      summary: 'Coaching to test a business idea and start trading legally and safely.',
      description:
        'A business coach works through the idea, a simple business plan, registering as self-employed, insurance and pricing, with optional small start-up grants.',
      modes: [M.ONE_TO_ONE, M.ONLINE],
      unit: U.PER_HOUR,
      pounds: [25, 60],
      weeks: [6, 16],
      sessions: [6, 12],
      also: [F.FINANCE],
    },
    {
      title: 'Catering traineeship (Level 2 food hygiene)',
      summary: 'Eight weeks in a training kitchen with a Level 2 food hygiene certificate.',
      description:
        'Trainees cook for a community café, gain the Level 2 Food Safety and Hygiene certificate and a reference, and are helped to apply for kitchen jobs.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [600, 1400],
      weeks: [6, 10],
      sessions: [16, 30],
      capacity: [4, 10],
    },
    {
      title: 'Women into work',
      summary: 'Confidence, skills and flexible job search for women, with childcare paid.',
      description:
        'A women-only group building confidence and skills, with one-to-one job search around caring responsibilities. Childcare and travel costs are met.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [450, 1100],
      weeks: [8, 12],
      sessions: [8, 16],
      ...WOMEN,
      adaptations: [Adaptation.WOMEN_ONLY, Adaptation.CHILDCARE],
      evening: 0,
    },
  ],
  FINANCE: [
    {
      title: 'Debt advice and money management',
      summary:
        'Regulated debt advice: priority debts, court fines, payment plans and insolvency options.',
      description:
        'An FCA-authorised adviser lists every debt, deals with priority creditors and court fines, sets up affordable repayments and explores debt relief orders where they fit.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [200, 600],
      weeks: [4, 12],
      sessions: [3, 8],
    },
    {
      title: 'Benefits claim support',
      summary:
        'Help to claim Universal Credit, PIP and other benefits, and to challenge decisions.',
      description:
        'Advisers make and manage claims, prepare for assessments and mandatory reconsiderations, and arrange advance payments so nobody is left without money after release.',
      modes: [M.ONE_TO_ONE, M.DROP_IN],
      unit: U.PER_HOUR,
      pounds: [20, 45],
      weeks: [2, 8],
      sessions: [2, 6],
    },
    {
      title: 'Bank account and ID support',
      summary:
        'Getting proof of identity and a basic bank account, the first step to work and housing.',
      description:
        'Workers apply for birth certificates and provisional driving licences, and open basic bank accounts with partner banks that accept a probation letter as proof of address.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [150, 350],
      weeks: [2, 6],
      sessions: [2, 4],
      supervisionTypes: [SupervisionType.PRE_RELEASE, SupervisionType.LICENCE],
    },
    {
      title: 'Budgeting skills group',
      summary: 'A practical group on budgets, bills, borrowing safely and avoiding loan sharks.',
      description:
        'Four to six sessions using real budgets: priority bills, saving small amounts, credit unions, buy-now-pay-later and illegal lending.',
      modes: [M.GROUP],
      unit: U.PER_SESSION,
      pounds: [25, 60],
      weeks: [4, 6],
      sessions: [4, 6],
      evening: 0.4,
    },
    {
      title: 'Financial capability for prison leavers',
      summary: 'Money planning for the first weeks after release, started before the gate.',
      description:
        'Plans the discharge grant, the first Universal Credit payment and housing costs, and sets up a bank account, so that the first weeks out do not depend on crime or loans.',
      modes: [M.ONE_TO_ONE, M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [180, 450],
      weeks: [4, 8],
      sessions: [3, 6],
      supervisionTypes: [SupervisionType.PRE_RELEASE],
      evening: 0,
      weekend: 0,
    },
  ],
  RELATIONSHIPS: [
    {
      title: 'Building Better Relationships',
      summary: 'Accredited group programme for men who have been abusive to a female partner.',
      description:
        'The accredited domestic abuse programme: 24 group sessions and one-to-one work, with a partner link worker offering support to current and former partners.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [1500, 2500],
      weeks: [24, 30],
      sessions: [24, 30],
      accredited: true,
      sexes: [Sex.MALE],
      notes:
        'Suitability is assessed by the programme team; a partner link worker must be in place.',
      capacity: [8, 12],
    },
    {
      title: 'Parenting skills for parents on probation',
      summary: 'A group for parents on keeping in touch with, and caring for, their children.',
      description:
        'Eight to ten sessions on child development, boundaries, play and communication, and on rebuilding contact after custody. Children can attend the final family session.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [300, 900],
      weeks: [8, 10],
      sessions: [8, 10],
      adaptations: [Adaptation.CHILDCARE],
    },
    {
      title: 'Family mediation and contact support',
      summary: 'Mediation and supervised contact to rebuild family relationships safely.',
      description:
        'A qualified mediator works with the person and family members, separately and together, to agree contact that is safe for children and acceptable to everyone.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_HOUR,
      pounds: [30, 60],
      weeks: [4, 16],
      sessions: [4, 10],
      riskLevels: NOT_VERY_HIGH,
    },
    {
      title: 'Healthy relationships for young adults',
      summary: 'Respect, consent, jealousy and control: a group for 18 to 25 year olds.',
      description:
        'An interactive group, often with youth workers who have lived experience, on what healthy relationships look like and on how control and coercion start.',
      modes: [M.GROUP],
      unit: U.PER_SESSION,
      pounds: [30, 70],
      weeks: [6, 10],
      sessions: [6, 10],
      ages: YOUNG_ADULTS,
    },
    {
      title: 'Freedom Programme for women',
      summary: 'A women-only group for women who have experienced domestic abuse.',
      description:
        'Eleven sessions helping women understand the beliefs and tactics of abusive partners, the effects on children, and how to recognise them in future relationships.',
      modes: [M.GROUP],
      unit: U.PER_SESSION,
      pounds: [25, 60],
      weeks: [11, 12],
      sessions: [11, 12],
      ...WOMEN,
      also: [F.EMOTIONAL_WELLBEING],
      adaptations: [Adaptation.WOMEN_ONLY, Adaptation.CHILDCARE],
    },
    {
      title: 'Domestic abuse one-to-one programme',
      summary: 'One-to-one work on abusive behaviour where a group is not suitable.',
      description:
        'Structured sessions for people who cannot attend a group (language, learning needs, risk or shift work), covering the same ground as group programmes.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [60, 120],
      weeks: [12, 20],
      sessions: [12, 20],
      adaptations: [Adaptation.INTERPRETER, Adaptation.LEARNING_DISABILITY],
    },
  ],
  LIFESTYLE: [
    {
      title: 'Peer mentoring through the gate',
      summary: 'A trained mentor with lived experience meets you at the gate and stays with you.',
      description:
        'Mentors who have been through the justice system themselves meet people on release, go with them to first appointments and help them build a new routine and new friendships.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [300, 900],
      weeks: [12, 26],
      sessions: [12, 26],
      supervisionTypes: [SupervisionType.PRE_RELEASE, SupervisionType.LICENCE],
      evening: 0.5,
      weekend: 0.4,
    },
    {
      title: 'Sport-based engagement programme',
      summary: 'Football, boxing and gym sessions used as a way into coaching and mentoring.',
      description:
        'Weekly sport sessions run by qualified coaches, with mentoring and coaching qualifications for those who want them.',
      modes: [M.GROUP],
      unit: U.PER_SESSION,
      pounds: [25, 50],
      weeks: [8, 16],
      sessions: [8, 16],
      ages: [18, 30],
      evening: 0.7,
      weekend: 0.4,
    },
    {
      title: 'Volunteering placements',
      summary:
        'Supported volunteering with local charities to build routine, confidence and references.',
      description:
        'A coordinator finds a placement that fits, goes along for the first sessions and reviews progress monthly. Many placements lead to a reference for paid work.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [150, 500],
      weeks: [8, 26],
      sessions: [4, 12],
      also: [F.ETE],
      weekend: 0.3,
    },
    {
      title: 'Community connection drop-in',
      summary: 'A weekly drop-in with activities, a meal and workers to talk to.',
      description:
        'A friendly space away from old associates: shared meal, activities, and workers on hand for advice and referrals.',
      modes: [M.DROP_IN],
      unit: U.PER_SESSION,
      pounds: [25, 40],
      weeks: [4, 26],
      sessions: [4, 26],
      evening: 0.6,
      weekend: 0.5,
    },
    {
      title: 'New associates one-to-one',
      summary: 'One-to-one work on breaking away from negative peers and building new networks.',
      description:
        'Sessions map current associates, identify risky situations and plan new activities and relationships, using motivational interviewing.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [40, 90],
      weeks: [6, 12],
      sessions: [6, 12],
      also: [F.ATTITUDES],
    },
  ],
  DRUGS: [
    {
      title: 'Structured drug treatment group',
      summary: 'A twelve-week structured group on drug use, cravings and relapse prevention.',
      description:
        'Psychosocial group work based on cognitive behavioural therapy, alongside prescribing where needed through the local treatment service. Regular testing is agreed with each participant.',
      modes: [M.GROUP],
      unit: U.PER_SESSION,
      pounds: [40, 90],
      weeks: [10, 12],
      sessions: [12, 24],
    },
    {
      title: 'Drug rehabilitation requirement treatment',
      summary: 'Treatment and testing for a court-ordered Drug Rehabilitation Requirement.',
      description:
        'Assessment, prescribing, key work and drug testing, with monthly progress reports to probation and the court reviews the order requires.',
      modes: [M.ONE_TO_ONE, M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [1200, 2500],
      weeks: [26, 52],
      sessions: [26, 52],
      supervisionTypes: [SupervisionType.COMMUNITY_SENTENCE],
      notes: 'Requires a Drug Rehabilitation Requirement on the order, or a referral for one.',
    },
    {
      title: 'Residential drug rehabilitation',
      summary: 'A residential rehabilitation placement with detox and a structured programme.',
      description:
        'A twelve-week residential programme after medically managed detox, with group therapy, one-to-one counselling and aftercare planning.',
      modes: [M.RESIDENTIAL],
      unit: U.PER_DAY,
      pounds: [90, 150],
      weeks: [12, 16],
      sessions: [12, 16],
      also: [F.ALCOHOL],
      riskLevels: NOT_VERY_HIGH,
      capacity: [1, 6],
    },
    {
      title: 'Recovery community drop-in',
      summary: 'Peer-led recovery meetings and activities, open to anyone in or seeking recovery.',
      description:
        'Mutual aid meetings, a recovery café and activities run by people in recovery, with a worker to link people into treatment.',
      modes: [M.DROP_IN, M.GROUP],
      unit: U.PER_SESSION,
      pounds: [25, 40],
      weeks: [4, 26],
      sessions: [4, 26],
      also: [F.LIFESTYLE, F.ALCOHOL],
      evening: 0.6,
      weekend: 0.5,
    },
    {
      title: 'Harm reduction and naloxone session',
      summary: 'Overdose awareness and a naloxone kit, especially for people leaving custody.',
      description:
        'A single session on overdose risk after a period of abstinence, safer use and how to use naloxone, with a kit to take away and a link to the local treatment service.',
      modes: [M.ONE_TO_ONE, M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [150, 250],
      weeks: [1, 1],
      sessions: [1, 1],
      capacity: [10, 30],
    },
    {
      title: "Women's substance misuse group",
      summary: 'A women-only group on drug and alcohol use, trauma and relationships.',
      description:
        'Run by women workers in a women’s centre, combining recovery work with support around domestic abuse, mental health and children.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [35, 80],
      weeks: [8, 12],
      sessions: [8, 12],
      ...WOMEN,
      also: [F.ALCOHOL, F.EMOTIONAL_WELLBEING],
      adaptations: [Adaptation.WOMEN_ONLY, Adaptation.CHILDCARE],
    },
  ],
  ALCOHOL: [
    {
      title: 'Alcohol treatment requirement',
      summary: 'Structured treatment for a court-ordered Alcohol Treatment Requirement.',
      description:
        'Assessment, care planning, key work and, where needed, community detox, with progress reports to the responsible officer.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [900, 2000],
      weeks: [12, 26],
      sessions: [12, 26],
      supervisionTypes: [SupervisionType.COMMUNITY_SENTENCE],
    },
    {
      title: 'Alcohol brief intervention',
      summary: 'One to three sessions on drinking levels and risk, with onward referral if needed.',
      description:
        'An AUDIT screen, feedback on drinking and risk, and a plan to cut down, based on motivational interviewing.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [30, 70],
      weeks: [1, 3],
      sessions: [1, 3],
    },
    {
      title: 'Drink-drive rehabilitation course',
      summary: 'The approved 16-hour course on the effects of alcohol and the law.',
      description:
        'Three sessions in a small group covering alcohol and the body, the law and the consequences of drink-driving, and planning to avoid it.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [200, 400],
      weeks: [3, 3],
      sessions: [3, 3],
      weekend: 0.6,
      capacity: [10, 20],
    },
    {
      title: 'Alcohol and violence programme',
      summary: 'A group for people whose violence is linked to drinking.',
      description:
        'Eight sessions on how alcohol affects thinking and behaviour, high-risk situations and ways to stay safe, with one-to-one follow-up.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [500, 1200],
      weeks: [8, 10],
      sessions: [8, 10],
      also: [F.THINKING_BEHAVIOUR],
      riskLevels: NOT_VERY_HIGH,
    },
    {
      title: 'Supported community alcohol detox',
      summary: 'Medically supported detox at home, with daily checks and aftercare.',
      description:
        'A nurse-led community detox with daily contact during the first week and a relapse prevention plan afterwards.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [800, 1800],
      weeks: [2, 6],
      sessions: [6, 14],
      notes: 'Requires a GP or treatment service assessment and a stable address.',
    },
  ],
  EMOTIONAL_WELLBEING: [
    {
      title: 'Short-term counselling',
      summary: 'Six to twelve sessions of person-centred counselling with a qualified counsellor.',
      description:
        'BACP-registered counsellors offer weekly sessions on whatever the person brings: loss, anxiety, anger, shame, or the effects of custody.',
      modes: [M.ONE_TO_ONE, M.ONLINE],
      unit: U.PER_SESSION,
      pounds: [40, 80],
      weeks: [6, 12],
      sessions: [6, 12],
      evening: 0.5,
    },
    {
      title: 'Trauma-informed women’s group',
      summary: 'A women-only group on the effects of trauma, coping and staying safe.',
      description:
        'Stabilisation work in a small, consistent group led by women practitioners, with one-to-one support and links to specialist services.',
      modes: [M.GROUP],
      unit: U.PER_SESSION,
      pounds: [35, 80],
      weeks: [8, 12],
      sessions: [8, 12],
      ...WOMEN,
      also: [F.RELATIONSHIPS],
    },
    {
      title: 'Anxiety and low mood group (CBT)',
      summary: 'A CBT-based group for anxiety, stress and low mood.',
      description:
        'Guided self-help and group sessions teaching practical CBT skills, delivered with the local NHS Talking Therapies service.',
      modes: [M.GROUP, M.ONLINE],
      unit: U.PER_SESSION,
      pounds: [30, 70],
      weeks: [6, 8],
      sessions: [6, 8],
    },
    {
      title: 'Bereavement support',
      summary: 'Support after a death, including deaths in custody, by suicide or by violence.',
      description:
        'One-to-one support from trained bereavement workers, with practical help around funerals and family contact.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [35, 75],
      weeks: [6, 12],
      sessions: [6, 12],
    },
    {
      title: 'Mental health liaison and GP registration',
      summary: 'Help to register with a GP and get an assessment from mental health services.',
      description:
        'A link worker registers the person with a GP, goes to the first appointments and makes sure prescriptions from custody continue without a gap.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_HOUR,
      pounds: [25, 55],
      weeks: [2, 8],
      sessions: [2, 6],
    },
    {
      title: 'Online wellbeing and resilience course',
      summary: 'A self-paced online course with weekly phone check-ins from a practitioner.',
      description:
        'Short modules on sleep, stress, mood and relationships, done on a phone or computer, with a weekly call to review progress.',
      modes: [M.ONLINE],
      unit: U.PER_REFERRAL,
      pounds: [150, 400],
      weeks: [6, 8],
      sessions: [6, 8],
      evening: 0.7,
      weekend: 0.5,
    },
  ],
  THINKING_BEHAVIOUR: [
    {
      title: 'Thinking Skills Programme',
      summary:
        'The accredited cognitive skills programme: self-control, problem solving, relationships.',
      description:
        'Nineteen sessions (fifteen group, four one-to-one) building skills in self-control, problem solving, perspective taking and setting goals, delivered by trained facilitators.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [1200, 2200],
      weeks: [10, 19],
      sessions: [19, 19],
      accredited: true,
      notes: 'Suitability is assessed by the programme team (OGRS and cognitive screen).',
      capacity: [8, 12],
    },
    {
      title: 'Resolve',
      summary: 'Accredited programme for men with a history of violence.',
      description:
        'An accredited cognitive-behavioural programme for medium-risk violent offenders: group and one-to-one sessions on emotions, thinking and the use of violence.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [1800, 2500],
      weeks: [20, 26],
      sessions: [28, 32],
      accredited: true,
      sexes: [Sex.MALE],
      riskLevels: [RiskLevel.MEDIUM, RiskLevel.HIGH],
      capacity: [6, 10],
    },
    {
      title: 'Problem solving and consequential thinking',
      summary: 'One-to-one sessions on stopping to think, weighing options and consequences.',
      description:
        'A structured one-to-one workbook for people not suited to a group, covering impulsivity, problem solving and thinking ahead.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [40, 90],
      weeks: [6, 12],
      sessions: [6, 12],
    },
    {
      title: 'Emotional regulation for young adults',
      summary: 'Managing anger and impulses, for 18 to 25 year olds.',
      description:
        'A short, active group designed with young adults on probation, on noticing, naming and managing strong feelings.',
      modes: [M.GROUP],
      unit: U.PER_SESSION,
      pounds: [30, 70],
      weeks: [6, 10],
      sessions: [6, 10],
      ages: YOUNG_ADULTS,
      also: [F.EMOTIONAL_WELLBEING],
    },
    {
      title: 'Adapted thinking skills (learning disability and autism)',
      summary: 'Thinking skills delivered at a slower pace with visual materials.',
      description:
        'The same aims as mainstream thinking skills work, in smaller groups and shorter sessions, with easy-read materials and a named worker.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [800, 1800],
      weeks: [12, 20],
      sessions: [12, 24],
      adaptations: [Adaptation.LEARNING_DISABILITY, Adaptation.NEURODIVERSITY],
      capacity: [4, 8],
    },
  ],
  ATTITUDES: [
    {
      title: 'Victim awareness course',
      summary: 'A group on the impact of crime on victims, families and communities.',
      description:
        'Four to six sessions using victims’ accounts and exercises to build understanding of harm done, often as a step towards restorative work.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [200, 500],
      weeks: [4, 6],
      sessions: [4, 6],
    },
    {
      title: 'Restorative justice conference',
      summary: 'A facilitated meeting or exchange between the person and the person they harmed.',
      description:
        'Trained facilitators prepare both sides separately and, where everyone agrees, bring them together or pass letters between them.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [600, 1500],
      weeks: [6, 16],
      sessions: [3, 8],
      riskLevels: NOT_VERY_HIGH,
      notes: 'Only where the victim consents; not offered in domestic abuse cases.',
    },
    {
      title: 'Motivation to change',
      summary: 'One-to-one motivational work for people not yet ready to change.',
      description:
        'Motivational interviewing sessions exploring what the person wants from life and how offending gets in the way.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [40, 90],
      weeks: [4, 8],
      sessions: [4, 8],
    },
    {
      title: "Women's specified activity",
      summary: 'A women-only programme on choices, attitudes and moving on from offending.',
      description:
        'Delivered in a women’s centre, combining group work on attitudes and decisions with practical support.',
      modes: [M.GROUP, M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [400, 1000],
      weeks: [8, 12],
      sessions: [8, 12],
      ...WOMEN,
      supervisionTypes: [SupervisionType.COMMUNITY_SENTENCE],
    },
  ],
  GANG_MEMBERSHIP: [
    {
      title: 'Gang exit programme',
      summary:
        'Intensive one-to-one support to leave a gang safely, with relocation help if needed.',
      description:
        'Caseworkers with lived experience work intensively with the person and family, plan safety, and link to housing, training and work away from the gang.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [1200, 2500],
      weeks: [26, 52],
      sessions: [20, 52],
      ages: [18, 30],
      also: [F.LIFESTYLE],
    },
    {
      title: 'County lines and exploitation support',
      summary: 'Support for young adults exploited through county lines drug dealing.',
      description:
        'Specialist workers address debt bondage, threats and coercion, working with police and safeguarding teams to get the person out safely.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_REFERRAL,
      pounds: [900, 2000],
      weeks: [12, 26],
      sessions: [12, 26],
      ages: YOUNG_ADULTS,
      also: [F.DRUGS],
    },
    {
      title: 'Serious violence mentoring',
      summary: 'Mentoring by people with lived experience of serious violence.',
      description:
        'Mentors meet weekly, respond quickly at times of crisis and connect the person with positive activities.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_SESSION,
      pounds: [45, 100],
      weeks: [12, 26],
      sessions: [12, 26],
      evening: 0.6,
      weekend: 0.5,
    },
    {
      title: 'Knife crime awareness group',
      summary: 'A group on the realities of carrying a knife, with trauma surgeons and families.',
      description:
        'Sessions with emergency medics, families of victims and former gang members on the consequences of carrying weapons.',
      modes: [M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [200, 600],
      weeks: [2, 6],
      sessions: [2, 6],
      ages: [18, 30],
    },
  ],
  DISCRIMINATORY_ATTITUDES: [
    {
      title: 'Hate crime awareness programme',
      summary: 'One-to-one or group work with people convicted of hate crimes.',
      description:
        'Explores where the beliefs came from, their effect on victims and communities, and the person’s own experiences of prejudice.',
      modes: [M.ONE_TO_ONE, M.GROUP],
      unit: U.PER_REFERRAL,
      pounds: [600, 1500],
      weeks: [6, 12],
      sessions: [6, 12],
      also: [F.ATTITUDES],
    },
    {
      title: 'Extremism disengagement mentoring',
      summary: 'Specialist mentoring for people drawn into extremist ideas or groups.',
      description:
        'Theological and ideological mentors work alongside a case worker to challenge extremist narratives and support disengagement.',
      modes: [M.ONE_TO_ONE],
      unit: U.PER_HOUR,
      pounds: [40, 60],
      weeks: [12, 52],
      sessions: [12, 40],
      adaptations: [Adaptation.INTERPRETER],
    },
    {
      title: 'Challenging prejudice short course',
      summary: 'A short course on stereotypes, prejudice and their effect on others.',
      description:
        'Three to five sessions, in a group or one-to-one, using discussion and scenarios to build empathy across differences.',
      modes: [M.GROUP, M.ONLINE],
      unit: U.PER_SESSION,
      pounds: [30, 70],
      weeks: [3, 5],
      sessions: [3, 5],
    },
  ],
};

/** Towns where venues stand, by PCC area: name, postcode district, lat, lng. */
export const TOWNS: Record<string, [string, string, number, number][]> = {
  northumbria: [
    ['Newcastle upon Tyne', 'NE1', 54.97, -1.61],
    ['Sunderland', 'SR1', 54.91, -1.38],
    ['Blyth', 'NE24', 55.13, -1.51],
  ],
  'south-yorkshire': [
    ['Sheffield', 'S1', 53.38, -1.47],
    ['Doncaster', 'DN1', 53.52, -1.13],
    ['Barnsley', 'S70', 53.55, -1.48],
    ['Rotherham', 'S60', 53.43, -1.36],
  ],
  durham: [
    ['Durham', 'DH1', 54.78, -1.57],
    ['Darlington', 'DL1', 54.52, -1.55],
    ['Bishop Auckland', 'DL14', 54.66, -1.68],
  ],
  cleveland: [
    ['Middlesbrough', 'TS1', 54.57, -1.23],
    ['Hartlepool', 'TS24', 54.69, -1.21],
    ['Stockton-on-Tees', 'TS18', 54.57, -1.32],
  ],
  humberside: [
    ['Hull', 'HU1', 53.74, -0.33],
    ['Grimsby', 'DN31', 53.57, -0.08],
    ['Scunthorpe', 'DN15', 53.59, -0.65],
  ],
  lincolnshire: [
    ['Lincoln', 'LN1', 53.23, -0.54],
    ['Boston', 'PE21', 52.98, -0.02],
    ['Grantham', 'NG31', 52.91, -0.64],
  ],
  'north-yorkshire': [
    ['York', 'YO1', 53.96, -1.08],
    ['Scarborough', 'YO11', 54.28, -0.4],
    ['Harrogate', 'HG1', 53.99, -1.54],
  ],
  'west-yorkshire': [
    ['Leeds', 'LS1', 53.8, -1.55],
    ['Bradford', 'BD1', 53.79, -1.75],
    ['Wakefield', 'WF1', 53.68, -1.5],
    ['Huddersfield', 'HD1', 53.65, -1.78],
  ],
  cumbria: [
    ['Carlisle', 'CA1', 54.89, -2.93],
    ['Barrow-in-Furness', 'LA14', 54.11, -3.23],
    ['Workington', 'CA14', 54.64, -3.55],
    ['Kendal', 'LA9', 54.33, -2.75],
  ],
  lancashire: [
    ['Preston', 'PR1', 53.76, -2.7],
    ['Blackpool', 'FY1', 53.82, -3.05],
    ['Blackburn', 'BB1', 53.75, -2.48],
    ['Lancaster', 'LA1', 54.05, -2.8],
  ],
  cheshire: [
    ['Chester', 'CH1', 53.19, -2.89],
    ['Warrington', 'WA1', 53.39, -2.59],
    ['Crewe', 'CW1', 53.1, -2.44],
  ],
  'greater-manchester': [
    ['Manchester', 'M1', 53.48, -2.24],
    ['Bolton', 'BL1', 53.58, -2.43],
    ['Oldham', 'OL1', 53.54, -2.11],
    ['Wigan', 'WN1', 53.55, -2.63],
  ],
  merseyside: [
    ['Liverpool', 'L1', 53.4, -2.98],
    ['Birkenhead', 'CH41', 53.39, -3.02],
    ['St Helens', 'WA10', 53.45, -2.74],
  ],
  staffordshire: [
    ['Stoke-on-Trent', 'ST1', 53.02, -2.18],
    ['Stafford', 'ST16', 52.81, -2.12],
    ['Burton upon Trent', 'DE14', 52.8, -1.64],
  ],
  'west-midlands': [
    ['Birmingham', 'B1', 52.48, -1.9],
    ['Coventry', 'CV1', 52.41, -1.51],
    ['Wolverhampton', 'WV1', 52.59, -2.13],
    ['Walsall', 'WS1', 52.59, -1.98],
  ],
  derbyshire: [
    ['Derby', 'DE1', 52.92, -1.48],
    ['Chesterfield', 'S40', 53.24, -1.42],
    ['Buxton', 'SK17', 53.26, -1.91],
  ],
  leicestershire: [
    ['Leicester', 'LE1', 52.64, -1.13],
    ['Loughborough', 'LE11', 52.77, -1.21],
    ['Oakham', 'LE15', 52.67, -0.73],
  ],
  nottinghamshire: [
    ['Nottingham', 'NG1', 52.95, -1.15],
    ['Mansfield', 'NG18', 53.14, -1.2],
    ['Worksop', 'S80', 53.3, -1.12],
  ],
  warwickshire: [
    ['Warwick', 'CV34', 52.28, -1.58],
    ['Nuneaton', 'CV11', 52.52, -1.47],
    ['Rugby', 'CV21', 52.37, -1.26],
  ],
  'west-mercia': [
    ['Worcester', 'WR1', 52.19, -2.22],
    ['Hereford', 'HR1', 52.06, -2.72],
    ['Shrewsbury', 'SY1', 52.71, -2.75],
    ['Telford', 'TF3', 52.68, -2.45],
  ],
  'dyfed-powys': [
    ['Carmarthen', 'SA31', 51.86, -4.31],
    ['Aberystwyth', 'SY23', 52.41, -4.08],
    ['Llanelli', 'SA15', 51.68, -4.16],
    ['Newtown', 'SY16', 52.51, -3.31],
  ],
  gwent: [
    ['Newport', 'NP20', 51.59, -3.0],
    ['Cwmbran', 'NP44', 51.65, -3.02],
    ['Ebbw Vale', 'NP23', 51.78, -3.21],
  ],
  'north-wales': [
    ['Wrexham', 'LL11', 53.05, -2.99],
    ['Bangor', 'LL57', 53.23, -4.13],
    ['Rhyl', 'LL18', 53.32, -3.49],
  ],
  'south-wales': [
    ['Cardiff', 'CF10', 51.48, -3.18],
    ['Swansea', 'SA1', 51.62, -3.94],
    ['Merthyr Tydfil', 'CF47', 51.75, -3.38],
    ['Bridgend', 'CF31', 51.5, -3.58],
  ],
  'avon-somerset': [
    ['Bristol', 'BS1', 51.45, -2.59],
    ['Bath', 'BA1', 51.38, -2.36],
    ['Taunton', 'TA1', 51.02, -3.1],
    ['Weston-super-Mare', 'BS23', 51.35, -2.98],
  ],
  gloucestershire: [
    ['Gloucester', 'GL1', 51.86, -2.24],
    ['Cheltenham', 'GL50', 51.9, -2.08],
    ['Stroud', 'GL5', 51.75, -2.22],
  ],
  wiltshire: [
    ['Swindon', 'SN1', 51.56, -1.78],
    ['Salisbury', 'SP1', 51.07, -1.79],
    ['Chippenham', 'SN15', 51.46, -2.12],
  ],
  dorset: [
    ['Bournemouth', 'BH1', 50.72, -1.88],
    ['Poole', 'BH15', 50.72, -1.98],
    ['Weymouth', 'DT4', 50.61, -2.46],
  ],
  'devon-cornwall': [
    ['Plymouth', 'PL1', 50.37, -4.14],
    ['Exeter', 'EX1', 50.72, -3.53],
    ['Truro', 'TR1', 50.26, -5.05],
    ['Torquay', 'TQ1', 50.46, -3.53],
    ['Barnstaple', 'EX31', 51.08, -4.06],
  ],
  hampshire: [
    ['Southampton', 'SO14', 50.9, -1.4],
    ['Portsmouth', 'PO1', 50.8, -1.09],
    ['Basingstoke', 'RG21', 51.27, -1.09],
    ['Newport, Isle of Wight', 'PO30', 50.7, -1.29],
  ],
  'thames-valley': [
    ['Reading', 'RG1', 51.45, -0.97],
    ['Oxford', 'OX1', 51.75, -1.26],
    ['Milton Keynes', 'MK9', 52.04, -0.76],
    ['Slough', 'SL1', 51.51, -0.59],
    ['High Wycombe', 'HP11', 51.63, -0.75],
  ],
  bedfordshire: [
    ['Bedford', 'MK40', 52.14, -0.47],
    ['Luton', 'LU1', 51.88, -0.42],
  ],
  cambridgeshire: [
    ['Cambridge', 'CB1', 52.2, 0.13],
    ['Peterborough', 'PE1', 52.57, -0.24],
    ['Huntingdon', 'PE29', 52.33, -0.18],
  ],
  hertfordshire: [
    ['Watford', 'WD17', 51.66, -0.4],
    ['Stevenage', 'SG1', 51.9, -0.2],
    ['St Albans', 'AL1', 51.75, -0.34],
  ],
  northamptonshire: [
    ['Northampton', 'NN1', 52.24, -0.9],
    ['Kettering', 'NN16', 52.4, -0.73],
    ['Corby', 'NN17', 52.49, -0.7],
  ],
  norfolk: [
    ['Norwich', 'NR1', 52.63, 1.3],
    ["King's Lynn", 'PE30', 52.75, 0.4],
    ['Great Yarmouth', 'NR30', 52.61, 1.73],
  ],
  suffolk: [
    ['Ipswich', 'IP1', 52.06, 1.15],
    ['Bury St Edmunds', 'IP33', 52.25, 0.71],
    ['Lowestoft', 'NR32', 52.48, 1.75],
  ],
  essex: [
    ['Chelmsford', 'CM1', 51.73, 0.47],
    ['Colchester', 'CO1', 51.89, 0.9],
    ['Southend-on-Sea', 'SS1', 51.54, 0.71],
    ['Basildon', 'SS14', 51.57, 0.46],
  ],
  kent: [
    ['Maidstone', 'ME14', 51.27, 0.52],
    ['Canterbury', 'CT1', 51.28, 1.08],
    ['Chatham', 'ME4', 51.38, 0.53],
    ['Margate', 'CT9', 51.39, 1.38],
  ],
  surrey: [
    ['Guildford', 'GU1', 51.24, -0.57],
    ['Woking', 'GU21', 51.32, -0.56],
    ['Redhill', 'RH1', 51.24, -0.17],
  ],
  sussex: [
    ['Brighton', 'BN1', 50.82, -0.14],
    ['Crawley', 'RH10', 51.11, -0.19],
    ['Hastings', 'TN34', 50.86, 0.57],
    ['Chichester', 'PO19', 50.84, -0.78],
  ],
  london: [
    ['Croydon', 'CR0', 51.37, -0.1],
    ['Stratford', 'E15', 51.54, 0.0],
    ['Brixton', 'SW9', 51.46, -0.11],
    ['Islington', 'N1', 51.54, -0.1],
    ['Southwark', 'SE1', 51.5, -0.09],
    ['Ealing', 'W5', 51.51, -0.3],
    ['Tottenham', 'N17', 51.6, -0.07],
  ],
};

/** What a venue is called after its town ("Leeds community hub"). */
export const VENUE_KINDS = [
  'community hub',
  'resource centre',
  'recovery centre',
  'learning centre',
  'probation office',
  'family centre',
  'drop-in centre',
  'training centre',
];
export const WOMEN_VENUE_KIND = "women's centre";

/** Letters allowed in the inward code of a UK postcode (no C, I, K, M, O or V). */
export const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Adaptations a listing may add to those its template implies. */
export const EXTRA_ADAPTATIONS = [
  Adaptation.WHEELCHAIR_ACCESS,
  Adaptation.WHEELCHAIR_ACCESS,
  Adaptation.INTERPRETER,
  Adaptation.LEARNING_DISABILITY,
  Adaptation.NEURODIVERSITY,
];
