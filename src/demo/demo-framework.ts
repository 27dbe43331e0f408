import { OrganisationKind } from '../catalogue/catalogue.enums';
import { addDays } from '../common/calendar';
import { ApplicationStatus, DeclarationKind } from '../framework/framework.enums';
import { FactorCode } from '../reference/factor-code';

/** The framework side of the demo: who publishes prices openly, declarations, applications. */
export interface DemoFramework {
  /** Indexes (into the market's organisations) of those that publish their prices openly. */
  publishPricesOpenly: number[];
  declarations: {
    organisation: number;
    kind: DeclarationKind;
    held: boolean;
    expiresOn: string | null;
  }[];
  applications: DemoApplication[];
}

export interface DemoApplication {
  applicantId: string;
  applicantName: string;
  status: ApplicationStatus;
  organisationName: string;
  kind: OrganisationKind;
  charityNumber: string | null;
  companyNumber: string | null;
  description: string;
  contactEmail: string;
  pccAreaCodes: string[];
  factors: FactorCode[];
  decisionNote: string | null;
  /** Days before today it was submitted. */
  submittedDaysAgo: number;
}

/**
 * Deterministic: every third non-CRC provider publishes its prices openly; every voluntary-sector
 * provider has the four declarations (as if it had joined through the framework), the first one's
 * safeguarding policy due for renewal in 9 days; and three applications wait in different states.
 */
export function buildDemoFramework(
  organisations: { kind: OrganisationKind; name: string }[],
  today: string,
): DemoFramework {
  const nonCrc = organisations
    .map((organisation, index) => ({ ...organisation, index }))
    .filter((o) => o.kind !== OrganisationKind.CRC);
  const charities = nonCrc.filter((o) => o.kind === OrganisationKind.VOLUNTARY_SECTOR);
  const declarations = charities.flatMap(({ index }, n) => [
    {
      organisation: index,
      kind: DeclarationKind.SAFEGUARDING_POLICY,
      held: true,
      expiresOn: addDays(today, n === 0 ? 9 : 40 + ((n * 37) % 300)),
    },
    {
      organisation: index,
      kind: DeclarationKind.INSURANCE,
      held: true,
      expiresOn: addDays(today, 20 + ((n * 53) % 330)),
    },
    { organisation: index, kind: DeclarationKind.DATA_PROTECTION, held: true, expiresOn: null },
    { organisation: index, kind: DeclarationKind.VETTED_STAFF, held: true, expiresOn: null },
  ]);
  return {
    publishPricesOpenly: nonCrc.filter((_, n) => n % 3 === 0).map((o) => o.index),
    declarations,
    applications: [
      {
        applicantId: 'demo-applicant-northern-lights',
        applicantName: 'Priya Shah',
        status: ApplicationStatus.SUBMITTED,
        organisationName: 'Northern Lights Recovery Cafe',
        kind: OrganisationKind.VOLUNTARY_SECTOR,
        charityNumber: '1187654',
        companyNumber: null,
        description:
          'A recovery cafe in Carlisle run by people in recovery: peer support, meals and mutual aid meetings.',
        contactEmail: 'hello@northernlights.example.org',
        pccAreaCodes: ['cumbria'],
        factors: [FactorCode.DRUGS, FactorCode.ALCOHOL, FactorCode.LIFESTYLE],
        decisionNote: null,
        submittedDaysAgo: 2,
      },
      {
        applicantId: 'demo-applicant-cwm-works',
        applicantName: 'Rhys Evans',
        status: ApplicationStatus.CHANGES_REQUESTED,
        organisationName: 'Cwm Works Employment CIC',
        kind: OrganisationKind.PRIVATE,
        charityNumber: null,
        companyNumber: '12345678',
        description: 'Construction skills and CSCS cards for people on probation in west Wales.',
        contactEmail: 'office@cwmworks.example.org',
        pccAreaCodes: ['dyfed-powys'],
        factors: [FactorCode.ETE],
        decisionNote: 'Please give an expiry date for your liability insurance.',
        submittedDaysAgo: 9,
      },
      {
        applicantId: 'demo-applicant-quick-cash',
        applicantName: 'Sam Lee',
        status: ApplicationStatus.REJECTED,
        organisationName: 'Quick Cash Advice Ltd',
        kind: OrganisationKind.PRIVATE,
        charityNumber: null,
        companyNumber: 'SC654321',
        description: 'Payday loan brokerage and budgeting tips.',
        contactEmail: 'sales@quickcash.example.com',
        pccAreaCodes: ['london'],
        factors: [FactorCode.FINANCE],
        decisionNote: 'A lender cannot provide financial management interventions.',
        submittedDaysAgo: 30,
      },
    ],
  };
}
