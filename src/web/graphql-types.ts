/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** How far a desired outcome was achieved. */
export type Achievement =
  /** Achieved: scores 1 and earns the full outcome payment. */
  | 'ACHIEVED'
  /** Not achieved: scores 0 and earns nothing. */
  | 'NOT_ACHIEVED'
  /** Partly achieved: scores 0.5 and earns half the outcome payment (rounded down). */
  | 'PARTIALLY_ACHIEVED';

/** A version of the action plan: what will be done, in how many sessions. */
export type ActionPlanInput = {
  /** The planned activities, in plain words (1-30). */
  activities: Array<string>;
  /** Sessions planned in all (1-500): not fewer than already attended. */
  plannedSessions: number;
};

/** A way an intervention is adapted to remove a barrier. */
export type Adaptation =
  /** Focused on Black, Asian and minority ethnic people (their needs, staff and materials), as the inspectorate asked for. */
  | 'BAME_FOCUSED'
  /** Childcare provided or paid for. */
  | 'CHILDCARE'
  /** Interpreters available. */
  | 'INTERPRETER'
  /** Adapted for people with learning disabilities. */
  | 'LEARNING_DISABILITY'
  /** Adapted for neurodivergent people. */
  | 'NEURODIVERSITY'
  /** Venues are wheelchair accessible. */
  | 'WHEELCHAIR_ACCESS'
  /** Delivered to women only, by women. */
  | 'WOMEN_ONLY';

/** The organisation an applicant wants to bring onto the framework. */
export type ApplicantOrganisationInput = {
  /** Registered charity number, England and Wales: 6 to 8 digits. */
  charityNumber?: string | null | undefined;
  /** Companies House number: 8 characters, 8 digits or a 2-letter prefix and 6 digits (SC123456). */
  companyNumber?: string | null | undefined;
  /** What the organisation does, in a few sentences. */
  description?: string | null | undefined;
  /** Voluntary sector, private or public sector (CRCs are added by an admin). */
  kind: OrganisationKind;
  /** Name as buyers will know it (must not match an existing organisation). */
  name: string;
  /** Website, https://... */
  website?: string | null | undefined;
};

/** Where an application to join the framework stands. */
export type ApplicationStatus =
  /** Approved: the organisation exists and the applicant is its first member. */
  | 'APPROVED'
  /** A commissioner asked for changes; the applicant may amend and resubmit. */
  | 'CHANGES_REQUESTED'
  /** Rejected, with a reason. Final. */
  | 'REJECTED'
  /** Waiting for a commissioner to decide. */
  | 'SUBMITTED';

/** An application to join the framework as a supplier. */
export type ApplyToJoinInput = {
  /** Where commissioners write about the application. */
  contactEmail: string;
  /** The four declarations. */
  declarations: DeclarationsInput;
  /** Factors its interventions will address. */
  factors: Array<FactorCode>;
  /** The organisation applying. */
  organisation: ApplicantOrganisationInput;
  /** PCC area codes the organisation means to serve. */
  pccAreaCodes: Array<string>;
};

/** Which kind of area a row names. */
export type AreaLevel =
  /** An NPS division. */
  | 'DIVISION'
  /** A police force / PCC area. */
  | 'PCC_AREA';

/** Did the person attend the session? */
export type Attendance =
  /** Attended, late. */
  | 'LATE'
  /** Did not attend. */
  | 'NO'
  /** Attended on time. */
  | 'YES';

/** A case note on a referral. */
export type CaseNoteInput = {
  /** The note (1-5000 characters; no personal details beyond the CRN). */
  body: string;
  /** Ask for the other side of the referral to be told. */
  notifyOtherSide?: boolean | null | undefined;
  /** Subject (3-200 characters). */
  subject: string;
};

/** Which side of a referral wrote a note. */
export type CaseNoteSide =
  /** The provider's staff. */
  | 'PROVIDER'
  /** The buying division's probation staff. */
  | 'PURCHASER';

/** How complex the person's needs are. */
export type Complexity =
  /** High complexity: many or entrenched needs; expect more sessions. */
  | 'HIGH'
  /** Low complexity: few, stable needs. */
  | 'LOW'
  /** Medium complexity: several needs or some instability. */
  | 'MEDIUM';

/** A new listing; it starts as a DRAFT. */
export type CreateInterventionInput = {
  /** Accredited programme. */
  accredited?: boolean | null | undefined;
  /** Adaptations offered. */
  adaptations?: Array<Adaptation> | null | undefined;
  /** Places it can hold at once (>= 0). Default 0. */
  capacity?: number | null | undefined;
  /** PCC area codes it serves, including by outreach or online. */
  coverage?: Array<string> | null | undefined;
  /** How it is delivered. */
  deliveryModes?: Array<DeliveryMode> | null | undefined;
  /** Full description. */
  description?: string | null | undefined;
  /** Typical length in weeks (1-104). */
  durationWeeks?: number | null | undefined;
  /** Who it admits (replaces the whole rule). */
  eligibility?: EligibilityInput | null | undefined;
  /** Evening sessions available. */
  eveningSessions?: boolean | null | undefined;
  /** The factors it addresses: at least one. */
  factors: Array<FactorCode>;
  /** When the next cohort or place starts. */
  nextStartDate?: string | null | undefined;
  /** The first price, if known. */
  price?: PriceInput | null | undefined;
  /** The provider. Suppliers may leave it out (their own organisation); ADMIN must give it. */
  providerId?: string | number | null | undefined;
  /** Why the listing exists: the need evidence and stakeholder feedback behind it (required to publish on a CRC’s rate card; shown to commissioners, not to purchasers). An empty text clears it. */
  rationale?: string | null | undefined;
  /** Typical number of sessions (1-500). */
  sessionCount?: number | null | undefined;
  /** One or two sentences for search results. */
  summary: string;
  /** Short title. */
  title: string;
  /** Where it is delivered (replaces all venues). */
  venues?: Array<VenueInput> | null | undefined;
  /** Weekend sessions available. */
  weekendSessions?: boolean | null | undefined;
};

/** One place to buy. */
export type CreateReferralInput = {
  /** How complex the person's needs are. */
  complexity: Complexity;
  /** Case reference number: one capital letter and six digits, e.g. X123456. */
  crn: string;
  /** What the referral aims to achieve (see `desiredOutcomes`): current ones, each of one of the target factors, at least one per target factor. */
  desiredOutcomes: Array<string | number>;
  /** The PUBLISHED listing. */
  interventionId: string | number;
  /** Notes for the provider (no personal details beyond the CRN). */
  notes?: string | null | undefined;
  /** The PCC area where the person is supervised, for the commissioners’ reports. Default: the listing’s area within your division (a venue there, else an area it covers there). */
  pccAreaCode?: string | null | undefined;
  /** Checked against the listing’s eligibility. */
  person: PersonProfileInput;
  /** The factors to address: at least one, all among the listing’s. */
  targetFactors: Array<FactorCode>;
  /** Units of the price to buy (1-500). Default 1. A price per referral buys the whole intervention: 1 only. Per session: at most the listing's sessions; per day: its duration's days; per hour: 8 hours a session (or a day of its duration). */
  units?: number | null | undefined;
};

/** One declaration: whether it is held and until when. */
export type DeclarationInput = {
  /** Last day it is good for (a policy review date, a renewal date); omit if none. */
  expiresOn?: string | null | undefined;
  /** Whether the organisation holds it now. */
  held: boolean;
};

/** What a supplier declares to join the framework and keeps up to date. */
export type DeclarationKind =
  /** Registered with the ICO and compliant with data protection law. */
  | 'DATA_PROTECTION'
  /** Public and employer liability insurance is held. */
  | 'INSURANCE'
  /** A safeguarding policy is in place. Once expired, the organisation cannot publish or accept referrals. */
  | 'SAFEGUARDING_POLICY'
  /** Staff working with people on probation are vetted (DBS checked). */
  | 'VETTED_STAFF';

/** The four declarations every supplier makes to join. */
export type DeclarationsInput = {
  /** Data protection registration and compliance. */
  dataProtection: DeclarationInput;
  /** Liability insurance is held. */
  insurance: DeclarationInput;
  /** A safeguarding policy is in place. */
  safeguardingPolicy: DeclarationInput;
  /** Staff are vetted (DBS checked). */
  vettedStaff: DeclarationInput;
};

/** Why the provider declines a referral. */
export type DeclineReason =
  /** The person is not eligible for the service. */
  | 'INELIGIBLE'
  /** No capacity to take the person on. */
  | 'NO_CAPACITY'
  /** Other (say why in the comments). */
  | 'OTHER'
  /** The person is outside the area the service reaches. */
  | 'OUT_OF_AREA'
  /** The risk the person poses is unsuitable for the service. */
  | 'UNSUITABLE_RISK';

/** How an intervention is delivered. */
export type DeliveryMode =
  /** Drop-in sessions, no appointment. */
  | 'DROP_IN'
  /** Group sessions. */
  | 'GROUP'
  /** One-to-one sessions with a worker. */
  | 'ONE_TO_ONE'
  /** Online or by phone. */
  | 'ONLINE'
  /** Residential placement. */
  | 'RESIDENTIAL';

/** Something that happened to a referral, sent to the webhooks of the provider and of the buying division. */
export type DomainEventType =
  /** The provider submitted an action plan for approval. */
  | 'ACTION_PLAN_SUBMITTED'
  /** One of the organisation's declarations expires soon (raised once per declaration and expiry date, by a scheduled job). */
  | 'DECLARATION_EXPIRING'
  /** An organisation renewed a compliance declaration (e.g. safeguarding). */
  | 'DECLARATION_RENEWED'
  /** An end-of-service report the provider owes is overdue (raised once per referral, by a scheduled job). */
  | 'END_OF_SERVICE_REPORT_OVERDUE'
  /** The provider submitted the end-of-service report. */
  | 'END_OF_SERVICE_REPORT_SUBMITTED'
  /** An application was approved: organisationId is the new organisation, whose webhooks hear its later events. */
  | 'FRAMEWORK_APPLICATION_APPROVED'
  /** A commissioner asked an applicant for changes. */
  | 'FRAMEWORK_APPLICATION_CHANGES_REQUESTED'
  /** An application was rejected. */
  | 'FRAMEWORK_APPLICATION_REJECTED'
  /** An applicant resubmitted an amended application. */
  | 'FRAMEWORK_APPLICATION_RESUBMITTED'
  /** Someone applied to join the framework (not about a referral: referralId is null). */
  | 'FRAMEWORK_APPLICATION_SUBMITTED'
  /** The buying division recorded the referral's outcome (the three judgements). */
  | 'OUTCOME_RECORDED'
  /** The provider accepted the referral. */
  | 'REFERRAL_ACCEPTED'
  /** The provider completed the referral. */
  | 'REFERRAL_COMPLETED'
  /** The provider declined the referral; its place and budget went back. */
  | 'REFERRAL_DECLINED'
  /** The provider ended the referral before completion. */
  | 'REFERRAL_ENDED_EARLY'
  /** A purchaser bought a place: a new SUBMITTED referral. */
  | 'REFERRAL_SENT'
  /** The person started the intervention. */
  | 'REFERRAL_STARTED'
  /** The buying division withdrew (cancelled) the referral. */
  | 'REFERRAL_WITHDRAWN'
  /** Feedback on a session raised concerns. */
  | 'SESSION_FEEDBACK_CONCERNS'
  /** The person missed a session. */
  | 'SESSION_MISSED'
  /** The weekly count of listings not confirmed for a while, for commissioners (no organisation or division: no webhook hears it). */
  | 'STALE_LISTINGS_DIGEST';

/** Who an intervention admits. Leave a list empty or a bound out to admit anyone. */
export type EligibilityInput = {
  /** Oldest age admitted, 10-100, not below minAge. */
  maxAge?: number | null | undefined;
  /** Youngest age admitted, 10-100. */
  minAge?: number | null | undefined;
  /** Anything else a referrer should know. */
  notes?: string | null | undefined;
  /** Risk levels admitted; empty means any. */
  riskLevels?: Array<RiskLevel> | null | undefined;
  /** Sexes admitted; empty means any. */
  sexes?: Array<Sex> | null | undefined;
  /** Orders and licences admitted; empty means any. */
  supervisionTypes?: Array<SupervisionType> | null | undefined;
};

/** An email the service sends (see docs/emails.md). */
export type EmailKind =
  /** The provider submitted an action plan. To practitioner; always sent. */
  | 'ACTION_PLAN_SUBMITTED'
  /** A commissioner decided a framework application (approved, rejected, changes). To applicant; always sent. */
  | 'APPLICATION_DECIDED'
  /** A new application to join the framework, to decide. To commissioners; always sent. */
  | 'APPLICATION_RECEIVED'
  /** One of the organisation’s declarations expires soon: renew it. To suppliers; always sent. */
  | 'DECLARATION_EXPIRING'
  /** The provider submitted the end-of-service report: record the outcome. To practitioner; always sent. */
  | 'END_OF_SERVICE_REPORT_SUBMITTED'
  /** The person attended their first session: the intervention started. To practitioner; optional. */
  | 'FIRST_SESSION_ATTENDED'
  /** The buying division recorded a referral's outcome. To suppliers; optional. */
  | 'OUTCOME_RECORDED'
  /** The provider accepted a referral you bought. To practitioner; optional. */
  | 'REFERRAL_ACCEPTED'
  /** The provider declined a referral you bought (with its coded reason). To practitioner; always sent. */
  | 'REFERRAL_DECLINED'
  /** A new referral to accept or decline. To suppliers; always sent. */
  | 'REFERRAL_RECEIVED'
  /** The buying division withdrew a referral: stop work on it. To suppliers; always sent. */
  | 'REFERRAL_WITHDRAWN'
  /** The end-of-service report the provider owes on your referral is overdue. To practitioner; optional. */
  | 'REPORT_OVERDUE'
  /** Feedback on a session raised concerns. To practitioner; always sent. */
  | 'SESSION_CONCERNS'
  /** The person missed a session. To practitioner; always sent. */
  | 'SESSION_MISSED'
  /** Weekly: how many listings have not been confirmed for a while. To commissioners; optional. */
  | 'STALE_LISTINGS_DIGEST';

/** How far one desired outcome of the referral was achieved. */
export type EndOfServiceOutcomeInput = {
  /** How far it was achieved. */
  achievement: Achievement;
  /** One of the referral’s desired outcomes. */
  desiredOutcomeId: string | number;
  /** Progress, in plain words. */
  progressComments?: string | null | undefined;
};

/** The provider's end-of-service report: one row per desired outcome of the referral. */
export type EndOfServiceReportInput = {
  /** Anything else the purchaser should know. */
  furtherInformation?: string | null | undefined;
  /** Exactly one row for each desired outcome of the referral. */
  outcomes: Array<EndOfServiceOutcomeInput>;
};

/** A need an intervention addresses: the OASys sections inspectors use as priority factors. */
export type FactorCode =
  /** Accommodation */
  | 'ACCOMMODATION'
  /** Alcohol misuse */
  | 'ALCOHOL'
  /** Attitudes to offending */
  | 'ATTITUDES'
  /** Discriminatory attitudes */
  | 'DISCRIMINATORY_ATTITUDES'
  /** Drug misuse */
  | 'DRUGS'
  /** Emotional well-being (including mental health) */
  | 'EMOTIONAL_WELLBEING'
  /** Education, training and employment */
  | 'ETE'
  /** Financial management and income */
  | 'FINANCE'
  /** Gang membership */
  | 'GANG_MEMBERSHIP'
  /** Lifestyle and associates */
  | 'LIFESTYLE'
  /** Relationships (including domestic abuse) */
  | 'RELATIONSHIPS'
  /** Thinking and behaviour */
  | 'THINKING_BEHAVIOUR';

/** Contribution on one target factor. */
export type FactorJudgementInput = {
  /** A target factor of the referral. */
  factor: FactorCode;
  /** “Did contracted providers contribute sufficiently to helping the service user achieve the desired outcomes?” (Bulletin 2019/01), for this factor. */
  sufficient: boolean;
};

/** How well an area is served for a factor. */
export type GapStatus =
  /** No published listing at all, or availability (needs met / needs) below GAP_AVAILABILITY_THRESHOLD (default 0.8: the inspectorate found availability above 80% for eight of ten factors, Annual Report 2017 Figure 44; an observation, not a standard). */
  | 'GAP'
  /** Served: availability (needs met / needs) at or above the watch line (or nobody has searched yet and places are free). */
  | 'NONE'
  /** Availability below the watch line (PROVISION_WATCH_BELOW_PERCENT, default 90%) or every place is taken now. */
  | 'WATCH';

/** What to look for. Every filter given must hold; lists match any of their values unless said otherwise. */
export type InterventionSearchInput = {
  /** Accredited programmes only (true) or non-accredited only (false). */
  accredited?: boolean | null | undefined;
  /** Offers all of these adaptations. */
  adaptations?: Array<Adaptation> | null | undefined;
  /** Only listings with a place free now. */
  availableOnly?: boolean | null | undefined;
  /** Served somewhere in this contract package area. */
  contractPackageAreaCode?: string | null | undefined;
  /** Delivered in any of these ways. */
  deliveryModes?: Array<DeliveryMode> | null | undefined;
  /** Served somewhere in this NPS division. */
  divisionCode?: string | null | undefined;
  /** Only listings with evening sessions (when true). */
  eveningSessions?: boolean | null | undefined;
  /** Addresses any of these factors. */
  factors?: Array<FactorCode> | null | undefined;
  /** Price in force today at most this many pence (per its unit). */
  maxPricePence?: number | null | undefined;
  /** A venue within the radius, or coverage of the PCC area the point is in (outreach and online). */
  near?: NearInput | null | undefined;
  /** Served in this PCC area (by coverage or a venue there). */
  pccAreaCode?: string | null | undefined;
  /** Only listings whose eligibility admits this person. */
  person?: PersonProfileInput | null | undefined;
  /** Providers of any of these kinds. */
  providerKinds?: Array<OrganisationKind> | null | undefined;
  /** Next start within this many days from today (0-365). */
  startWithinDays?: number | null | undefined;
  /** Words to find in the title, summary, description or provider name. */
  text?: string | null | undefined;
  /** Only listings with weekend sessions (when true). */
  weekendSessions?: boolean | null | undefined;
};

/** The answer to one of the inspectorate’s questions about a contracted provider, where the question applies. */
export type Judgement =
  /** No: not sufficient. */
  | 'NO'
  /** The question does not apply to this case (it is left out of the rate’s denominator, as the inspectorate does). */
  | 'NOT_APPLICABLE'
  /** Yes: sufficient. */
  | 'YES';

/** Where a listing is in its life: only PUBLISHED ones can be bought. */
export type ListingStatus =
  /** Being prepared; visible only to its supplier and admins. */
  | 'DRAFT'
  /** On the rate card: searchable and can be bought. */
  | 'PUBLISHED'
  /** Temporarily off the rate card; can be published again. */
  | 'SUSPENDED'
  /** Permanently off the rate card; kept for history. */
  | 'WITHDRAWN';

/** A point and a radius to search around. */
export type NearInput = {
  /** Latitude in degrees. */
  lat: number;
  /** Longitude in degrees. */
  lng: number;
  /** Radius in km (0.1-500). */
  radiusKm: number;
};

/** Why a session did not happen. */
export type NoSessionReason =
  /** Logistics: the venue, the provider or transport let it down. */
  | 'LOGISTICS'
  /** Because of the person, for an acceptable reason (e.g. ill, with notice). */
  | 'PERSON_ACCEPTABLE'
  /** Because of the person, without an acceptable reason. */
  | 'PERSON_UNACCEPTABLE';

/** What sort of body an organisation is. */
export type OrganisationKind =
  /** A Community Rehabilitation Company, owner of one contract package area. */
  | 'CRC'
  /** A health body (NHS trust, integrated care board) that co-funds funding pots; never provides. */
  | 'HEALTH'
  /** A local authority that co-funds funding pots; never provides. */
  | 'LOCAL_AUTHORITY'
  /** A Police and Crime Commissioner (one per PCC area): co-funds funding pots, never provides. */
  | 'PCC'
  /** A private company other than a CRC. */
  | 'PRIVATE'
  /** A statutory body: council, health trust, police and so on. */
  | 'PUBLIC_SECTOR'
  /** A charity or community organisation (the third sector). */
  | 'VOLUNTARY_SECTOR';

/** The three judgements on a finished referral: one contribution judgement per target factor, and the two outcome-level questions. */
export type OutcomeInput = {
  /** Exactly one per target factor of the referral. */
  factorJudgements: Array<FactorJudgementInput>;
  /** “Was sufficient information from contracted providers used in reviewing the work?” (Bulletin 2019/01). NOT_APPLICABLE where the question does not apply to the case. */
  informationForReview: Judgement;
  /** Notes (no personal details beyond the CRN). */
  notes?: string | null | undefined;
  /** “Were the interventions sufficiently focused on protecting those at risk of harm from this service user?” (Bulletin 2019/01). NOT_APPLICABLE where the question does not apply to the case. */
  riskOfHarmFocus: Judgement;
};

/** What eligibility needs to know of a person on probation. */
export type PersonProfileInput = {
  /** Age in years (10-100). */
  age: number;
  /** Assessed risk of serious harm. */
  riskLevel: RiskLevel;
  /** Sex. */
  sex: Sex;
  /** The order or licence they are supervised under. */
  supervisionType: SupervisionType;
};

/** A new price version. */
export type PriceInput = {
  /** Price in pence: a whole number above 0 (£1,000,000 at most). */
  amountPence: number;
  /** First day it applies. A version in force is history, so: tomorrow or later when a price is in force today (today otherwise), and not before a planned version (the same day as a planned version corrects it). Default: the earliest allowed day. */
  effectiveFrom?: string | null | undefined;
  /** Outcome payment in pence, paid per desired outcome ACHIEVED in the end-of-service report (half, rounded down, when PARTIALLY_ACHIEVED): a whole number, 0 or more. Default 0 (none). */
  outcomePaymentPence?: number | null | undefined;
  /** What one unit of the price buys. */
  unit: PriceUnit;
};

/** What one unit of the price buys. */
export type PriceUnit =
  /** One day (for example a residential night). */
  | 'PER_DAY'
  /** One hour of delivery. */
  | 'PER_HOUR'
  /** The whole intervention for one person. */
  | 'PER_REFERRAL'
  /** One session. */
  | 'PER_SESSION';

/** Where, what and when the gap report covers. */
export type ProvisionGapFilter = {
  /** Only the PCC areas of this contract package area. */
  contractPackageAreaCode?: string | null | undefined;
  /** Only the PCC areas of this NPS division. */
  divisionCode?: string | null | undefined;
  /** Only these factors. Default: all 12. */
  factors?: Array<FactorCode> | null | undefined;
  /** First day of the period (Europe/London). Default: 1 April of the financial year of `to`. */
  from?: string | null | undefined;
  /** Only rows with one of these verdicts (e.g. [GAP]). Default: every row. */
  gaps?: Array<GapStatus> | null | undefined;
  /** Only this PCC area. */
  pccAreaCode?: string | null | undefined;
  /** Last day of the period, included. Default: today. */
  to?: string | null | undefined;
};

/** Whose listings and which purchases the usage report covers. */
export type RateCardUsageFilter = {
  /** true: only listings bought in the period (any referral, declined ones included); false: only those not bought in it. Left out: every listing on offer. */
  bought?: boolean | null | undefined;
  /** Only listings serving this division’s areas, and only its purchases (a division commissioner always sees only their own). */
  divisionCode?: string | null | undefined;
  /** First day of the period (Europe/London). Default: 1 April of the financial year of `to`. */
  from?: string | null | undefined;
  /** Only this provider’s listings (a supplier always sees only their own). */
  providerId?: string | number | null | undefined;
  /** Last day of the period, included. Default: today. */
  to?: string | null | undefined;
};

/** What the rate card review says of a listing (thresholds in docs/rate-card-review.md). */
export type RateCardVerdict =
  /** Fewer than 3 places bought in the period while other listings sold at least 3 for its needs in its areas: demand exists elsewhere. */
  | 'UNDERUSED'
  /** Full now (no place free) while purchasers’ searches for its needs in its areas found no place in the period. */
  | 'UNMET'
  /** No place bought in the 6 months up to the period’s end. */
  | 'UNUSED'
  /** Bought in the last 6 months, and not underused. */
  | 'USED';

/** Which referrals to list. */
export type ReferralFilter = {
  /** Only for this person. */
  crn?: string | null | undefined;
  /** Only bought by this division. */
  divisionCode?: string | null | undefined;
  /** true: only referrals whose end-of-service report is due (withdrawn after they started, report not yet in); false: none of those. */
  endOfServiceReportDue?: boolean | null | undefined;
  /** Only on this listing. */
  interventionId?: string | number | null | undefined;
  /** Only this status. */
  status?: ReferralStatus | null | undefined;
  /** Only these statuses (a work queue such as "closed": several at once). */
  statuses?: Array<ReferralStatus> | null | undefined;
};

/** Where a referral (a bought place) is in its life. */
export type ReferralStatus =
  /** The provider has accepted the person. Holds a place and commits budget. */
  | 'ACCEPTED'
  /** Cancelled by the purchaser before it started (with a reason); place and budget given back. */
  | 'CANCELLED'
  /** Finished as planned; the cost is spent. */
  | 'COMPLETED'
  /** The provider declined (with a reason); place and budget given back. */
  | 'DECLINED'
  /** Ended before completion (with a reason); the cost is spent. */
  | 'ENDED_EARLY'
  /** The person has started. Holds a place and commits budget. */
  | 'STARTED'
  /** Bought by the purchaser; waiting for the provider. Holds a place and commits budget. */
  | 'SUBMITTED';

/** A receiver to register. Suppliers register for their organisation, purchasers and division commissioners for their division; admins name one of the two. */
export type RegisterWebhookInput = {
  /** What it is for (up to 200 characters). */
  description?: string | null | undefined;
  /** The division that will own it (defaults to your own). */
  divisionCode?: string | null | undefined;
  /** The event types to receive (at least one). */
  events: Array<DomainEventType>;
  /** The provider organisation that will own it (defaults to your own). */
  organisationId?: string | number | null | undefined;
  /** Where to POST events: https to a public address. Its host is looked up at registration and before every delivery; a host that is or resolves to a loopback, private, link-local or other internal address is refused (reason WEBHOOK_ADDRESS_NOT_ALLOWED). */
  url: string;
};

/** Who asked to move a session. */
export type RescheduleRequester =
  /** The person on probation. */
  | 'PERSON_ON_PROBATION'
  /** The provider. */
  | 'PROVIDER';

/** A new time for a session, and why. */
export type RescheduleSessionInput = {
  /** Why it moves (3-1000 characters). */
  reason: string;
  /** Who asked for the move. */
  requestedBy: RescheduleRequester;
  /** The new start (not before the referral was bought). */
  startsAt: string;
};

/** Risk of serious harm, as assessed (OASys/RoSH). */
export type RiskLevel =
  /** High risk of serious harm. */
  | 'HIGH'
  /** Low risk of serious harm. */
  | 'LOW'
  /** Medium risk of serious harm. */
  | 'MEDIUM'
  /** Very high risk of serious harm. */
  | 'VERY_HIGH';

/** Why a listing that is the only one of its kind in an area is at risk. */
export type RiskReason =
  /** No place bought on it in the last 6 months. */
  | 'NO_RECENT_PURCHASE'
  /** Its provider has not confirmed it for longer than the stale period. */
  | 'STALE'
  /** The subcontract it is delivered under ends within 90 days. */
  | 'SUBCONTRACT_ENDING'
  /** Its provider has suspended it. */
  | 'SUSPENDED';

/** What a signed-in user may do, from the roles claim of their token. */
export type Role =
  /** Runs the marketplace; may act for any organisation. */
  | 'ADMIN'
  /** Watches provision, usage and spend, nationally or for one division. */
  | 'COMMISSIONER'
  /** NPS staff who search interventions and buy places against their division budget. */
  | 'PURCHASER'
  /** A CRC or other supplier publishing its own organisation's interventions. */
  | 'SUPPLIER';

/** A session to schedule. */
export type ScheduleSessionInput = {
  /** How it is delivered. */
  deliveryMode: DeliveryMode;
  /** How long, in minutes (5-720). */
  durationMinutes: number;
  /** When it starts (not before the referral was bought). */
  startsAt: string;
  /** Where, for sessions in person (no personal address). */
  venue?: string | null | undefined;
};

/** How search results are ordered (ties broken by id, so pages are stable). */
export type SearchSort =
  /** Provider contribution score when there is one, then listings confirmed recently before stale ones, then sooner start, then distance. */
  | 'BEST_MATCH'
  /** Highest provider contribution score first, then as BEST_MATCH. */
  | 'CONTRIBUTION'
  /** Nearest venue first (needs `near`). */
  | 'DISTANCE'
  /** Cheapest price in force first. */
  | 'PRICE'
  /** Soonest next start date first. */
  | 'SOONEST_START';

/** What happened at a session. A session that did not happen needs noSessionReason; a person who did not attend means the session did not happen. */
export type SessionFeedbackInput = {
  /** Did the person attend? */
  attended: Attendance;
  /** Any concerns (risk, wellbeing, behaviour); left out or blank when none. */
  concerns?: string | null | undefined;
  /** Why it did not happen: required when sessionHappened is false, refused otherwise. */
  noSessionReason?: NoSessionReason | null | undefined;
  /** Ask for the purchaser to be told about this feedback. */
  notifyPurchaser?: boolean | null | undefined;
  /** How the person responded. */
  response?: string | null | undefined;
  /** Did the session take place? */
  sessionHappened: boolean;
  /** What was covered. */
  summary?: string | null | undefined;
};

/** Sex, as eligibility rules use it. */
export type Sex =
  /** Female. */
  | 'FEMALE'
  /** Male. */
  | 'MALE';

/** A subcontract's status today, from its dates. */
export type SubcontractStatus =
  /** In force, with more than 90 days to run. */
  | 'ACTIVE'
  /** Past its last day, or ended by the prime: no new purchases of the listings it carried. */
  | 'ENDED'
  /** In force, with its last day within 90 days. */
  | 'ENDING'
  /** Its first day is still to come. */
  | 'NOT_STARTED';

/** The order or licence a person is supervised under. */
export type SupervisionType =
  /** A community order or suspended sentence order. */
  | 'COMMUNITY_SENTENCE'
  /** Released on licence. */
  | 'LICENCE'
  /** Post-sentence supervision after licence ends. */
  | 'POST_SENTENCE_SUPERVISION'
  /** In custody, preparing for release. */
  | 'PRE_RELEASE';

/** What happened at one step of a referral. */
export type TimelineEventType =
  /** The provider submitted a version of the action plan. */
  | 'ACTION_PLAN_SUBMITTED'
  /** Either side added a case note. */
  | 'CASE_NOTE_ADDED'
  /** The provider submitted the end-of-service report; outcome payments settled. */
  | 'END_OF_SERVICE_REPORT_SUBMITTED'
  /** The purchaser amended the judgements. */
  | 'OUTCOME_AMENDED'
  /** The purchaser recorded the inspectorate's three judgements. */
  | 'OUTCOME_RECORDED'
  /** The provider accepted the referral. */
  | 'REFERRAL_ACCEPTED'
  /** The provider completed the referral. */
  | 'REFERRAL_COMPLETED'
  /** The provider declined the referral (coded reason). */
  | 'REFERRAL_DECLINED'
  /** The provider ended the referral early. */
  | 'REFERRAL_ENDED_EARLY'
  /** The purchaser bought the place and sent the referral to the provider. */
  | 'REFERRAL_SENT'
  /** The first attended session: the referral started. */
  | 'REFERRAL_STARTED'
  /** The purchaser withdrew the referral (coded reason). */
  | 'REFERRAL_WITHDRAWN'
  /** Feedback: the person attended a session (on time or late). */
  | 'SESSION_ATTENDED'
  /** Feedback raised concerns about the person's session. */
  | 'SESSION_CONCERNS_RAISED'
  /** Feedback: the person did not attend a session. */
  | 'SESSION_MISSED'
  /** Feedback: the session did not happen for another reason. */
  | 'SESSION_NOT_HELD'
  /** A session moved (who asked, and why). */
  | 'SESSION_RESCHEDULED'
  /** The provider scheduled a session. */
  | 'SESSION_SCHEDULED';

/** Changes to a listing: only the fields given change. */
export type UpdateInterventionInput = {
  /** Accredited programme. */
  accredited?: boolean | null | undefined;
  /** Adaptations offered. */
  adaptations?: Array<Adaptation> | null | undefined;
  /** PCC area codes it serves, including by outreach or online. */
  coverage?: Array<string> | null | undefined;
  /** How it is delivered. */
  deliveryModes?: Array<DeliveryMode> | null | undefined;
  /** Full description. */
  description?: string | null | undefined;
  /** Typical length in weeks (1-104). */
  durationWeeks?: number | null | undefined;
  /** Who it admits (replaces the whole rule). */
  eligibility?: EligibilityInput | null | undefined;
  /** Evening sessions available. */
  eveningSessions?: boolean | null | undefined;
  /** The factors it addresses: at least one. */
  factors?: Array<FactorCode> | null | undefined;
  /** Why the listing exists: the need evidence and stakeholder feedback behind it (required to publish on a CRC’s rate card; shown to commissioners, not to purchasers). An empty text clears it. */
  rationale?: string | null | undefined;
  /** Typical number of sessions (1-500). */
  sessionCount?: number | null | undefined;
  /** One or two sentences for search results. */
  summary?: string | null | undefined;
  /** Short title. */
  title?: string | null | undefined;
  /** Where it is delivered (replaces all venues). */
  venues?: Array<VenueInput> | null | undefined;
  /** Weekend sessions available. */
  weekendSessions?: boolean | null | undefined;
};

/** A place where the intervention is delivered. */
export type VenueInput = {
  /** Latitude; when left out, the PCC area's centre is used. */
  lat?: number | null | undefined;
  /** Longitude; when left out, the PCC area's centre is used. */
  lng?: number | null | undefined;
  /** Name of the venue. */
  name: string;
  /** The PCC area the venue is in (code from pccAreas). */
  pccAreaCode: string;
  /** UK postcode, e.g. "LS1 4AP". */
  postcode: string;
};

/** Where one event owed to one webhook stands. */
export type WebhookDeliveryStatus =
  /** The webhook was deactivated before it was delivered. */
  | 'CANCELLED'
  /** The receiver answered 2xx. */
  | 'DELIVERED'
  /** Given up after the maximum number of attempts. */
  | 'FAILED'
  /** Not delivered yet: waiting for its first attempt, a retry, or an earlier event. */
  | 'PENDING';

/** Why the purchaser withdraws a referral. */
export type WithdrawReferralInput = {
  /** More detail (required when the reason is OTHER). */
  comments?: string | null | undefined;
  /** Why, as a code. */
  reason: WithdrawalReason;
};

/** Why the purchaser withdraws a referral: a problem with it, the person's circumstances, their sentence, or other. */
export type WithdrawalReason =
  /** Sentence: acquitted on appeal. */
  | 'ACQUITTED_ON_APPEAL'
  /** The person: died. */
  | 'DIED'
  /** Problem with the referral: the person is not eligible. */
  | 'INELIGIBLE'
  /** Problem with the referral: made by mistake, or a duplicate. */
  | 'MISTAKEN_OR_DUPLICATE'
  /** The person: moved out of the area. */
  | 'MOVED_OUT_OF_AREA'
  /** The person: needs met through another route. */
  | 'NEEDS_MET_ELSEWHERE'
  /** The person: not engaging. */
  | 'NOT_ENGAGED'
  /** Other (say why in the comments). */
  | 'OTHER'
  /** Sentence: returned to custody. */
  | 'RETURNED_TO_CUSTODY'
  /** Sentence: expired. */
  | 'SENTENCE_EXPIRED'
  /** Sentence: revoked. */
  | 'SENTENCE_REVOKED'
  /** The person: work, caring responsibilities or sickness. */
  | 'WORK_CARE_OR_SICKNESS';

export type GapFiguresFragment = {
  publishedInterventions: number;
  placesAvailable: number;
  searches: number;
  searchesWithNoResult: number;
  searchHitRate: number | null;
  needs: number;
  needsMet: number;
  availabilityRate: number | null;
  referrals: number;
  declined: number;
  medianDaysToStart: number | null;
  judgements: number;
  contributionRate: number | null;
  gap: GapStatus;
  pccArea: {
    code: string;
    name: string;
    division: { code: string; name: string };
    contractPackageArea: { code: string; name: string };
  };
  factor: { code: FactorCode; name: string };
  nationalAvailabilityCrc: { rate: number | null; source: string };
  nationalAvailabilityNps: { rate: number | null; source: string };
};

export type CommissioningChoicesQueryVariables = Exact<{ [key: string]: never }>;

export type CommissioningChoicesQuery = {
  me: { id: string; roles: Array<Role>; divisionCode: string | null };
  factors: Array<{ code: FactorCode; name: string }>;
  divisions: Array<{
    code: string;
    name: string;
    contractPackageAreas: Array<{ code: string; name: string }>;
    pccAreas: Array<{ code: string; name: string }>;
  }>;
};

export type CommissioningGapsQueryVariables = Exact<{
  filter?: ProvisionGapFilter | null | undefined;
}>;

export type CommissioningGapsQuery = {
  provisionGaps: Array<{
    publishedInterventions: number;
    placesAvailable: number;
    searches: number;
    searchesWithNoResult: number;
    searchHitRate: number | null;
    needs: number;
    needsMet: number;
    availabilityRate: number | null;
    referrals: number;
    declined: number;
    medianDaysToStart: number | null;
    judgements: number;
    contributionRate: number | null;
    gap: GapStatus;
    pccArea: {
      code: string;
      name: string;
      division: { code: string; name: string };
      contractPackageArea: { code: string; name: string };
    };
    factor: { code: FactorCode; name: string };
    nationalAvailabilityCrc: { rate: number | null; source: string };
    nationalAvailabilityNps: { rate: number | null; source: string };
  }>;
};

export type CommissioningAreaQueryVariables = Exact<{
  filter?: ProvisionGapFilter | null | undefined;
  pccAreaCode: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;

export type CommissioningAreaQuery = {
  provisionGaps: Array<{
    publishedInterventions: number;
    placesAvailable: number;
    searches: number;
    searchesWithNoResult: number;
    searchHitRate: number | null;
    needs: number;
    needsMet: number;
    availabilityRate: number | null;
    referrals: number;
    declined: number;
    medianDaysToStart: number | null;
    judgements: number;
    contributionRate: number | null;
    gap: GapStatus;
    pccArea: {
      code: string;
      name: string;
      division: { code: string; name: string };
      contractPackageArea: { code: string; name: string };
    };
    factor: { code: FactorCode; name: string };
    nationalAvailabilityCrc: { rate: number | null; source: string };
    nationalAvailabilityNps: { rate: number | null; source: string };
  }>;
  spend: Array<{
    key: string;
    label: string;
    referrals: number;
    spendPence: number;
    feePence: number;
    outcomePaymentsPence: number;
    share: number;
  }>;
};

export type CommissioningAreaSpendQueryVariables = Exact<{
  pccAreaCode: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;

export type CommissioningAreaSpendQuery = {
  spend: Array<{
    key: string;
    label: string;
    referrals: number;
    spendPence: number;
    feePence: number;
    outcomePaymentsPence: number;
    share: number;
  }>;
};

export type CommissioningRankingQueryVariables = Exact<{
  factor?: FactorCode | null | undefined;
  pccAreaCode?: string | null | undefined;
}>;

export type CommissioningRankingQuery = {
  contributionScores: {
    nodes: Array<{
      judged: number;
      score: number;
      lower: number;
      upper: number;
      provider: { id: string; name: string; kind: OrganisationKind };
    }>;
  };
};

export type SpendFiguresFragment = {
  key: string;
  label: string;
  referrals: number;
  spendPence: number;
  feePence: number;
  outcomePaymentsPence: number;
  share: number;
};

export type CommissioningUsageMonthQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
  divisionCode?: string | null | undefined;
}>;

export type CommissioningUsageMonthQuery = {
  byDivision: Array<{
    key: string;
    label: string;
    referrals: number;
    spendPence: number;
    feePence: number;
    outcomePaymentsPence: number;
    share: number;
  }>;
  byKind: Array<{
    key: string;
    label: string;
    referrals: number;
    spendPence: number;
    feePence: number;
    outcomePaymentsPence: number;
    share: number;
  }>;
  byFactor: Array<{
    key: string;
    label: string;
    referrals: number;
    spendPence: number;
    feePence: number;
    outcomePaymentsPence: number;
    share: number;
  }>;
};

export type CommissioningRateCardUsageQueryVariables = Exact<{
  bought?: RateCardUsageFilter | null | undefined;
  notBought?: RateCardUsageFilter | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;

export type CommissioningRateCardUsageQuery = {
  bought: {
    totalCount: number;
    edges: Array<{
      node: {
        title: string;
        providerName: string;
        status: ListingStatus;
        referrals: number;
        spendPence: number;
        lastReferralAt: string | null;
        intervention: { id: string };
      };
    }>;
  };
  notBought: {
    totalCount: number;
    edges: Array<{
      node: {
        title: string;
        providerName: string;
        status: ListingStatus;
        referrals: number;
        spendPence: number;
        lastReferralAt: string | null;
        intervention: { id: string };
      };
    }>;
  };
  divisionsWithoutPurchases: Array<{
    level: AreaLevel;
    code: string;
    name: string;
    divisionCode: string;
    searches: number;
    lastPurchaseAt: string | null;
  }>;
};

export type CommissioningScorecardsQueryVariables = Exact<{
  factor?: FactorCode | null | undefined;
  pccAreaCode?: string | null | undefined;
}>;

export type CommissioningScorecardsQuery = {
  contributionScores: {
    nodes: Array<{
      factor: FactorCode | null;
      judged: number;
      sufficient: number;
      rate: number | null;
      score: number;
      lower: number;
      upper: number;
      outcomes: number;
      reports: number;
      achievementRate: number | null;
      completionRate: number | null;
      medianDaysToStart: number | null;
      riskOfHarmFocusApplicable: number;
      riskOfHarmFocusRate: number | null;
      informationForReviewApplicable: number;
      informationForReviewRate: number | null;
      provider: { id: string; name: string; kind: OrganisationKind };
      riskOfHarmFocusNational: { rate: number | null; cases: number | null; source: string };
      informationForReviewNational: { rate: number | null; cases: number | null; source: string };
    }>;
  };
};

export type CommissioningUpkeepQueryVariables = Exact<{
  olderThanDays?: number | null | undefined;
  divisionCode?: string | null | undefined;
  withinDays: number;
}>;

export type CommissioningUpkeepQuery = {
  staleListings: {
    totalCount: number;
    edges: Array<{
      node: {
        title: string;
        providerName: string;
        lastConfirmedAt: string;
        daysSinceConfirmed: number;
        placesAvailable: number;
        intervention: { id: string };
      };
    }>;
  };
  expiringDeclarations: {
    nodes: Array<{
      kind: DeclarationKind;
      held: boolean;
      expiresOn: string | null;
      expired: boolean;
      organisation: { id: string; name: string };
    }>;
  };
};

export type CommissioningBudgetQueryVariables = Exact<{
  divisionCode: string;
  financialYear: number;
}>;

export type CommissioningBudgetQuery = {
  divisionBudget: {
    divisionCode: string;
    financialYear: number;
    allocatedPence: number;
    committedPence: number;
    spentPence: number;
    outcomePaymentsSpentPence: number;
    remainingPence: number;
  };
};

export type CommissioningSetBudgetMutationVariables = Exact<{
  divisionCode: string;
  financialYear: number;
  amountPence: number;
}>;

export type CommissioningSetBudgetMutation = {
  setDivisionBudget: { divisionCode: string; allocatedPence: number };
};

export type CommissioningBreakdownsQueryVariables = Exact<{
  divisionCode?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;

export type CommissioningBreakdownsQuery = {
  bySex: Array<{
    key: string;
    referrals: number;
    spendPence: number;
    needs: number;
    needsMet: number;
    availabilityRate: number | null;
    judgements: number;
    contributionRate: number | null;
    riskOfHarmFocusApplicable: number;
    riskOfHarmFocusRate: number | null;
    informationForReviewApplicable: number;
    informationForReviewRate: number | null;
  }>;
  bySupervisionType: Array<{
    key: string;
    referrals: number;
    spendPence: number;
    needs: number;
    needsMet: number;
    availabilityRate: number | null;
    judgements: number;
    contributionRate: number | null;
    riskOfHarmFocusApplicable: number;
    riskOfHarmFocusRate: number | null;
    informationForReviewApplicable: number;
    informationForReviewRate: number | null;
  }>;
  ownAreaCrcPurchases: Array<{
    divisionCode: string;
    crcId: string | null;
    referrals: number;
    fromOwnCrc: number;
    share: number | null;
    divisionReferrals: number;
    shareOfDivision: number | null;
    contractPackageArea: { code: string; name: string };
  }>;
  adaptationProvision: Array<{
    publishedInterventions: number;
    adapted: number;
    share: number | null;
    adaptedPlacesAvailable: number;
    adaptedReferrals: number;
    pccArea: { code: string; name: string };
  }>;
};

export type BreakdownFiguresFragment = {
  key: string;
  referrals: number;
  spendPence: number;
  needs: number;
  needsMet: number;
  availabilityRate: number | null;
  judgements: number;
  contributionRate: number | null;
  riskOfHarmFocusApplicable: number;
  riskOfHarmFocusRate: number | null;
  informationForReviewApplicable: number;
  informationForReviewRate: number | null;
};

export type CommissioningRateCardUsageCsvQueryVariables = Exact<{
  filter?: RateCardUsageFilter | null | undefined;
  after?: string | null | undefined;
}>;

export type CommissioningRateCardUsageCsvQuery = {
  rateCardUsage: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        title: string;
        providerName: string;
        status: ListingStatus;
        referrals: number;
        completed: number;
        givenBack: number;
        spendPence: number;
        feePence: number;
        outcomePaymentsPence: number;
        lastReferralAt: string | null;
        intervention: { id: string };
        provider: { id: string };
      };
    }>;
  };
};

export type UsageListingsFragment = {
  totalCount: number;
  edges: Array<{
    node: {
      title: string;
      providerName: string;
      status: ListingStatus;
      referrals: number;
      spendPence: number;
      lastReferralAt: string | null;
      intervention: { id: string };
    };
  }>;
};

export type IncomingReferralsQueryVariables = Exact<{
  filter?: ReferralFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  newTab?: ReferralFilter | null | undefined;
  toPlanTab?: ReferralFilter | null | undefined;
  inDeliveryTab?: ReferralFilter | null | undefined;
  reportDueTab?: ReferralFilter | null | undefined;
  closedTab?: ReferralFilter | null | undefined;
}>;

export type IncomingReferralsQuery = {
  newTab: { totalCount: number };
  toPlanTab: { totalCount: number };
  inDeliveryTab: { totalCount: number };
  reportDueTab: { totalCount: number };
  closedTab: { totalCount: number };
  referrals: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        id: string;
        crn: string;
        status: ReferralStatus;
        createdAt: string;
        units: number;
        totalPence: number;
        endOfServiceReportDue: boolean;
        division: { name: string };
        intervention: { id: string; title: string };
      };
    }>;
  };
};

export type IncomingReferralQueryVariables = Exact<{
  id: string | number;
}>;

export type IncomingReferralQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  referral: {
    id: string;
    crn: string;
    status: ReferralStatus;
    createdAt: string;
    acceptedAt: string | null;
    startedOn: string | null;
    completedAt: string | null;
    complexity: Complexity | null;
    units: number;
    totalPence: number;
    outcomePaymentPence: number;
    outcomePaymentMaxPence: number;
    outcomePaymentEarnedPence: number | null;
    notes: string | null;
    targetFactors: Array<FactorCode>;
    declineReason: DeclineReason | null;
    withdrawalReason: WithdrawalReason | null;
    endOfServiceReportDue: boolean;
    sessionsOffered: number | null;
    sessionsAttended: number | null;
    anonymisedAt: string | null;
    person: {
      sex: Sex;
      age: number;
      riskLevel: RiskLevel;
      supervisionType: SupervisionType;
    } | null;
    division: { name: string };
    intervention: {
      id: string;
      title: string;
      deliveryModes: Array<DeliveryMode>;
      provider: { id: string; name: string };
    };
    priceSnapshot: { amountPence: number; unit: PriceUnit };
    desiredOutcomes: Array<{ id: string; factor: FactorCode; description: string }>;
    actionPlan: {
      version: number;
      activities: Array<string>;
      plannedSessions: number;
      submittedAt: string;
    } | null;
    actionPlanHistory: Array<{
      version: number;
      activities: Array<string>;
      plannedSessions: number;
      submittedAt: string;
      submittedBy: string;
    }>;
    sessions: Array<{
      id: string;
      number: number;
      startsAt: string;
      durationMinutes: number;
      deliveryMode: DeliveryMode;
      venue: string | null;
      reschedules: Array<{
        fromStartsAt: string;
        toStartsAt: string;
        reason: string;
        requestedBy: RescheduleRequester;
        at: string;
      }>;
      feedback: {
        attended: Attendance;
        sessionHappened: boolean;
        noSessionReason: NoSessionReason | null;
        summary: string | null;
        response: string | null;
        concerns: string | null;
        notifyPurchaser: boolean;
        recordedAt: string;
      } | null;
    }>;
    caseNotes: Array<{ id: string; at: string; side: CaseNoteSide; subject: string; body: string }>;
    endOfServiceReport: {
      submittedAt: string;
      achievementScore: number;
      outcomePaymentEarnedPence: number;
      furtherInformation: string | null;
      outcomes: Array<{
        achievement: Achievement;
        progressComments: string | null;
        desiredOutcome: { id: string; description: string };
      }>;
    } | null;
    timeline: Array<{ at: string; type: TimelineEventType; summary: string }>;
  } | null;
};

export type AcceptIncomingReferralMutationVariables = Exact<{
  id: string | number;
}>;

export type AcceptIncomingReferralMutation = { acceptReferral: { id: string } };

export type DeclineIncomingReferralMutationVariables = Exact<{
  id: string | number;
  reason: DeclineReason;
  comments?: string | null | undefined;
}>;

export type DeclineIncomingReferralMutation = { declineReferral: { id: string } };

export type SubmitIncomingActionPlanMutationVariables = Exact<{
  referralId: string | number;
  input: ActionPlanInput;
}>;

export type SubmitIncomingActionPlanMutation = { submitActionPlan: { version: number } };

export type ScheduleIncomingSessionMutationVariables = Exact<{
  referralId: string | number;
  input: ScheduleSessionInput;
}>;

export type ScheduleIncomingSessionMutation = { scheduleSession: { number: number } };

export type RescheduleIncomingSessionMutationVariables = Exact<{
  id: string | number;
  input: RescheduleSessionInput;
}>;

export type RescheduleIncomingSessionMutation = { rescheduleSession: { number: number } };

export type RecordIncomingSessionFeedbackMutationVariables = Exact<{
  id: string | number;
  input: SessionFeedbackInput;
}>;

export type RecordIncomingSessionFeedbackMutation = { recordSessionFeedback: { number: number } };

export type AddIncomingCaseNoteMutationVariables = Exact<{
  referralId: string | number;
  input: CaseNoteInput;
}>;

export type AddIncomingCaseNoteMutation = { addCaseNote: { id: string } };

export type SubmitIncomingEndOfServiceReportMutationVariables = Exact<{
  referralId: string | number;
  input: EndOfServiceReportInput;
}>;

export type SubmitIncomingEndOfServiceReportMutation = { submitEndOfServiceReport: { id: string } };

export type CompleteIncomingReferralMutationVariables = Exact<{
  id: string | number;
}>;

export type CompleteIncomingReferralMutation = { completeReferral: { id: string } };

export type EndIncomingReferralEarlyMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;

export type EndIncomingReferralEarlyMutation = { endReferralEarly: { id: string } };

export type EmailPreferencesPageQueryVariables = Exact<{ [key: string]: never }>;

export type EmailPreferencesPageQuery = {
  emailPreferences: {
    email: string | null;
    kinds: Array<{ kind: EmailKind; description: string; optional: boolean; enabled: boolean }>;
  };
};

export type OrganisationEmailPageQueryVariables = Exact<{
  organisationId: string | number;
}>;

export type OrganisationEmailPageQuery = {
  organisationEmail: { organisationId: string; email: string | null; updatedAt: string | null };
};

export type SetEmailPreferenceMutationVariables = Exact<{
  kind: EmailKind;
  enabled: boolean;
}>;

export type SetEmailPreferenceMutation = { setEmailPreference: { email: string | null } };

export type SetOrganisationEmailMutationVariables = Exact<{
  organisationId: string | number;
  email?: string | null | undefined;
}>;

export type SetOrganisationEmailMutation = {
  setOrganisationEmail: { organisationId: string; email: string | null };
};

export type FindChoicesQueryVariables = Exact<{ [key: string]: never }>;

export type FindChoicesQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  pccAreas: Array<{ code: string; name: string }>;
};

export type FindInterventionsQueryVariables = Exact<{
  filter: InterventionSearchInput;
  sort?: SearchSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  contributionFactor?: FactorCode | null | undefined;
}>;

export type FindInterventionsQuery = {
  searchInterventions: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: {
      factors: Array<{ factor: FactorCode; count: number }>;
      providerKinds: Array<{ kind: OrganisationKind; count: number }>;
    };
    edges: Array<{
      distanceKm: number | null;
      node: {
        id: string;
        title: string;
        summary: string;
        factors: Array<FactorCode>;
        accredited: boolean;
        deliveryModes: Array<DeliveryMode>;
        placesAvailable: number;
        nextStartDate: string | null;
        stale: boolean;
        lastConfirmedAt: string;
        eveningSessions: boolean;
        weekendSessions: boolean;
        price: { amountPence: number; unit: PriceUnit } | null;
        deliveredBy: { name: string } | null;
        provider: {
          id: string;
          name: string;
          kind: OrganisationKind;
          contribution: {
            judged: number;
            sufficient: number;
            rate: number | null;
            lower: number;
            upper: number;
          };
        };
      };
    }>;
  };
};

export type ApplicationDetailsFragment = {
  id: string;
  status: ApplicationStatus;
  applicantName: string;
  contactEmail: string;
  submittedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  organisationId: string | null;
  factors: Array<FactorCode>;
  pccAreaCodes: Array<string>;
  organisation: {
    name: string;
    kind: OrganisationKind;
    charityNumber: string | null;
    companyNumber: string | null;
    website: string | null;
    description: string | null;
  };
  declarations: Array<{
    kind: DeclarationKind;
    held: boolean;
    expiresOn: string | null;
    expired: boolean;
  }>;
  history: Array<{ at: string; by: string; note: string | null; status: ApplicationStatus }>;
};

export type JoinPageQueryVariables = Exact<{ [key: string]: never }>;

export type JoinPageQuery = {
  me: { roles: Array<Role>; organisationId: string | null };
  myApplications: Array<{
    id: string;
    status: ApplicationStatus;
    submittedAt: string;
    organisation: { name: string };
  }>;
};

export type JoinChoicesQueryVariables = Exact<{ [key: string]: never }>;

export type JoinChoicesQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  pccAreas: Array<{ code: string; name: string }>;
};

export type ApplicationPageQueryVariables = Exact<{
  id: string | number;
}>;

export type ApplicationPageQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  pccAreas: Array<{ code: string; name: string }>;
  frameworkApplication: {
    id: string;
    status: ApplicationStatus;
    applicantName: string;
    contactEmail: string;
    submittedAt: string;
    decidedAt: string | null;
    decisionNote: string | null;
    organisationId: string | null;
    factors: Array<FactorCode>;
    pccAreaCodes: Array<string>;
    organisation: {
      name: string;
      kind: OrganisationKind;
      charityNumber: string | null;
      companyNumber: string | null;
      website: string | null;
      description: string | null;
    };
    declarations: Array<{
      kind: DeclarationKind;
      held: boolean;
      expiresOn: string | null;
      expired: boolean;
    }>;
    history: Array<{ at: string; by: string; note: string | null; status: ApplicationStatus }>;
  } | null;
};

export type ApplyToJoinMutationVariables = Exact<{
  input: ApplyToJoinInput;
}>;

export type ApplyToJoinMutation = { applyToJoin: { id: string } };

export type AmendApplicationMutationVariables = Exact<{
  id: string | number;
  input: ApplyToJoinInput;
}>;

export type AmendApplicationMutation = { amendApplication: { id: string } };

export type ApplicationsQueueQueryVariables = Exact<{
  status?: ApplicationStatus | null | undefined;
  after?: string | null | undefined;
}>;

export type ApplicationsQueueQuery = {
  frameworkApplications: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        id: string;
        status: ApplicationStatus;
        applicantName: string;
        submittedAt: string;
        organisation: { name: string; kind: OrganisationKind };
      };
    }>;
  };
};

export type ApproveApplicationMutationVariables = Exact<{
  id: string | number;
}>;

export type ApproveApplicationMutation = {
  approveApplication: { id: string; status: ApplicationStatus };
};

export type RequestApplicationChangesMutationVariables = Exact<{
  id: string | number;
  note: string;
}>;

export type RequestApplicationChangesMutation = {
  requestApplicationChanges: { id: string; status: ApplicationStatus };
};

export type RejectApplicationMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;

export type RejectApplicationMutation = {
  rejectApplication: { id: string; status: ApplicationStatus };
};

export type MyOrganisationQueryVariables = Exact<{ [key: string]: never }>;

export type MyOrganisationQuery = { me: { organisationId: string | null } };

export type DeclarationsPageQueryVariables = Exact<{
  organisationId: string | number;
}>;

export type DeclarationsPageQuery = {
  organisation: {
    id: string;
    name: string;
    declarations: Array<{
      kind: DeclarationKind;
      held: boolean;
      expiresOn: string | null;
      expired: boolean;
    }>;
  } | null;
};

export type RenewDeclarationMutationVariables = Exact<{
  organisationId: string | number;
  kind: DeclarationKind;
  declaration: DeclarationInput;
}>;

export type RenewDeclarationMutation = {
  renewDeclaration: {
    kind: DeclarationKind;
    held: boolean;
    expiresOn: string | null;
    expired: boolean;
  };
};

export type HomePageQueryVariables = Exact<{ [key: string]: never }>;

export type HomePageQuery = {
  me: {
    id: string;
    name: string;
    roles: Array<Role>;
    organisationId: string | null;
    divisionCode: string | null;
  };
};

export type ListingDetailsFragment = {
  id: string;
  title: string;
  summary: string;
  description: string;
  status: ListingStatus;
  factors: Array<FactorCode>;
  accredited: boolean;
  deliveryModes: Array<DeliveryMode>;
  adaptations: Array<Adaptation>;
  capacity: number;
  placesAvailable: number;
  nextStartDate: string | null;
  stale: boolean;
  lastConfirmedAt: string;
  eveningSessions: boolean;
  weekendSessions: boolean;
  durationWeeks: number | null;
  sessionCount: number | null;
  deliveredBy: { id: string; name: string } | null;
  provider: {
    id: string;
    name: string;
    kind: OrganisationKind;
    contribution: {
      judged: number;
      sufficient: number;
      rate: number | null;
      lower: number;
      upper: number;
    };
  };
  eligibility: {
    sexes: Array<Sex>;
    minAge: number | null;
    maxAge: number | null;
    riskLevels: Array<RiskLevel>;
    supervisionTypes: Array<SupervisionType>;
    notes: string | null;
  };
  venues: Array<{ name: string; postcode: string; pccArea: { name: string } }>;
  coverage: Array<{ name: string }>;
  price: {
    amountPence: number;
    unit: PriceUnit;
    effectiveFrom: string;
    outcomePaymentPence: number;
  } | null;
  priceHistory: Array<{
    amountPence: number;
    unit: PriceUnit;
    effectiveFrom: string;
    effectiveTo: string | null;
    outcomePaymentPence: number;
  }>;
};

export type ListingPageQueryVariables = Exact<{
  id: string | number;
}>;

export type ListingPageQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  intervention: {
    id: string;
    title: string;
    summary: string;
    description: string;
    status: ListingStatus;
    factors: Array<FactorCode>;
    accredited: boolean;
    deliveryModes: Array<DeliveryMode>;
    adaptations: Array<Adaptation>;
    capacity: number;
    placesAvailable: number;
    nextStartDate: string | null;
    stale: boolean;
    lastConfirmedAt: string;
    eveningSessions: boolean;
    weekendSessions: boolean;
    durationWeeks: number | null;
    sessionCount: number | null;
    deliveredBy: { id: string; name: string } | null;
    provider: {
      id: string;
      name: string;
      kind: OrganisationKind;
      contribution: {
        judged: number;
        sufficient: number;
        rate: number | null;
        lower: number;
        upper: number;
      };
    };
    eligibility: {
      sexes: Array<Sex>;
      minAge: number | null;
      maxAge: number | null;
      riskLevels: Array<RiskLevel>;
      supervisionTypes: Array<SupervisionType>;
      notes: string | null;
    };
    venues: Array<{ name: string; postcode: string; pccArea: { name: string } }>;
    coverage: Array<{ name: string }>;
    price: {
      amountPence: number;
      unit: PriceUnit;
      effectiveFrom: string;
      outcomePaymentPence: number;
    } | null;
    priceHistory: Array<{
      amountPence: number;
      unit: PriceUnit;
      effectiveFrom: string;
      effectiveTo: string | null;
      outcomePaymentPence: number;
    }>;
  } | null;
};

export type ListingPageForPersonQueryVariables = Exact<{
  id: string | number;
  person: PersonProfileInput;
}>;

export type ListingPageForPersonQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  intervention: {
    id: string;
    title: string;
    summary: string;
    description: string;
    status: ListingStatus;
    factors: Array<FactorCode>;
    accredited: boolean;
    deliveryModes: Array<DeliveryMode>;
    adaptations: Array<Adaptation>;
    capacity: number;
    placesAvailable: number;
    nextStartDate: string | null;
    stale: boolean;
    lastConfirmedAt: string;
    eveningSessions: boolean;
    weekendSessions: boolean;
    durationWeeks: number | null;
    sessionCount: number | null;
    eligibilityFor: { eligible: boolean; failures: Array<{ criterion: string; message: string }> };
    deliveredBy: { id: string; name: string } | null;
    provider: {
      id: string;
      name: string;
      kind: OrganisationKind;
      contribution: {
        judged: number;
        sufficient: number;
        rate: number | null;
        lower: number;
        upper: number;
      };
    };
    eligibility: {
      sexes: Array<Sex>;
      minAge: number | null;
      maxAge: number | null;
      riskLevels: Array<RiskLevel>;
      supervisionTypes: Array<SupervisionType>;
      notes: string | null;
    };
    venues: Array<{ name: string; postcode: string; pccArea: { name: string } }>;
    coverage: Array<{ name: string }>;
    price: {
      amountPence: number;
      unit: PriceUnit;
      effectiveFrom: string;
      outcomePaymentPence: number;
    } | null;
    priceHistory: Array<{
      amountPence: number;
      unit: PriceUnit;
      effectiveFrom: string;
      effectiveTo: string | null;
      outcomePaymentPence: number;
    }>;
  } | null;
};

export type ListingForManagerFragment = {
  id: string;
  title: string;
  summary: string;
  description: string;
  rationale: string | null;
  status: ListingStatus;
  stale: boolean;
  lastConfirmedAt: string;
  staleFrom: string;
  canManage: boolean;
  factors: Array<FactorCode>;
  deliveryModes: Array<DeliveryMode>;
  adaptations: Array<Adaptation>;
  accredited: boolean;
  eveningSessions: boolean;
  weekendSessions: boolean;
  durationWeeks: number | null;
  sessionCount: number | null;
  capacity: number;
  placesAvailable: number;
  nextStartDate: string | null;
  provider: { id: string; name: string };
  eligibility: {
    sexes: Array<Sex>;
    minAge: number | null;
    maxAge: number | null;
    riskLevels: Array<RiskLevel>;
    supervisionTypes: Array<SupervisionType>;
    notes: string | null;
  };
  coverage: Array<{ code: string; name: string }>;
  venues: Array<{ name: string; postcode: string; pccArea: { code: string; name: string } }>;
  price: {
    amountPence: number;
    unit: PriceUnit;
    outcomePaymentPence: number;
    effectiveFrom: string;
  } | null;
  priceHistory: Array<{
    amountPence: number;
    unit: PriceUnit;
    outcomePaymentPence: number;
    effectiveFrom: string;
    effectiveTo: string | null;
  }>;
};

export type MyListingsQueryVariables = Exact<{
  status?: ListingStatus | null | undefined;
  after?: string | null | undefined;
}>;

export type MyListingsQuery = {
  myInterventions: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      title: string;
      status: ListingStatus;
      stale: boolean;
      staleFrom: string;
      capacity: number;
      placesAvailable: number;
      nextStartDate: string | null;
      price: { amountPence: number; unit: PriceUnit } | null;
    }>;
  };
  referrals: { totalCount: number; edges: Array<{ node: { intervention: { id: string } } }> };
};

export type ListingFormChoicesQueryVariables = Exact<{ [key: string]: never }>;

export type ListingFormChoicesQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  pccAreas: Array<{ code: string; name: string }>;
};

export type ManageListingQueryVariables = Exact<{
  id: string | number;
}>;

export type ManageListingQuery = {
  intervention: {
    id: string;
    title: string;
    summary: string;
    description: string;
    rationale: string | null;
    status: ListingStatus;
    stale: boolean;
    lastConfirmedAt: string;
    staleFrom: string;
    canManage: boolean;
    factors: Array<FactorCode>;
    deliveryModes: Array<DeliveryMode>;
    adaptations: Array<Adaptation>;
    accredited: boolean;
    eveningSessions: boolean;
    weekendSessions: boolean;
    durationWeeks: number | null;
    sessionCount: number | null;
    capacity: number;
    placesAvailable: number;
    nextStartDate: string | null;
    provider: { id: string; name: string };
    eligibility: {
      sexes: Array<Sex>;
      minAge: number | null;
      maxAge: number | null;
      riskLevels: Array<RiskLevel>;
      supervisionTypes: Array<SupervisionType>;
      notes: string | null;
    };
    coverage: Array<{ code: string; name: string }>;
    venues: Array<{ name: string; postcode: string; pccArea: { code: string; name: string } }>;
    price: {
      amountPence: number;
      unit: PriceUnit;
      outcomePaymentPence: number;
      effectiveFrom: string;
    } | null;
    priceHistory: Array<{
      amountPence: number;
      unit: PriceUnit;
      outcomePaymentPence: number;
      effectiveFrom: string;
      effectiveTo: string | null;
    }>;
  } | null;
  factors: Array<{ code: FactorCode; name: string }>;
};

export type EditListingQueryVariables = Exact<{
  id: string | number;
}>;

export type EditListingQuery = {
  intervention: {
    id: string;
    title: string;
    summary: string;
    description: string;
    rationale: string | null;
    status: ListingStatus;
    stale: boolean;
    lastConfirmedAt: string;
    staleFrom: string;
    canManage: boolean;
    factors: Array<FactorCode>;
    deliveryModes: Array<DeliveryMode>;
    adaptations: Array<Adaptation>;
    accredited: boolean;
    eveningSessions: boolean;
    weekendSessions: boolean;
    durationWeeks: number | null;
    sessionCount: number | null;
    capacity: number;
    placesAvailable: number;
    nextStartDate: string | null;
    provider: { id: string; name: string };
    eligibility: {
      sexes: Array<Sex>;
      minAge: number | null;
      maxAge: number | null;
      riskLevels: Array<RiskLevel>;
      supervisionTypes: Array<SupervisionType>;
      notes: string | null;
    };
    coverage: Array<{ code: string; name: string }>;
    venues: Array<{ name: string; postcode: string; pccArea: { code: string; name: string } }>;
    price: {
      amountPence: number;
      unit: PriceUnit;
      outcomePaymentPence: number;
      effectiveFrom: string;
    } | null;
    priceHistory: Array<{
      amountPence: number;
      unit: PriceUnit;
      outcomePaymentPence: number;
      effectiveFrom: string;
      effectiveTo: string | null;
    }>;
  } | null;
  factors: Array<{ code: FactorCode; name: string }>;
  pccAreas: Array<{ code: string; name: string }>;
};

export type CreateListingMutationVariables = Exact<{
  input: CreateInterventionInput;
}>;

export type CreateListingMutation = { createIntervention: { id: string } };

export type UpdateListingMutationVariables = Exact<{
  id: string | number;
  input: UpdateInterventionInput;
}>;

export type UpdateListingMutation = { updateIntervention: { id: string } };

export type SetListingPriceMutationVariables = Exact<{
  id: string | number;
  input: PriceInput;
}>;

export type SetListingPriceMutation = { setInterventionPrice: { id: string } };

export type SetListingCapacityMutationVariables = Exact<{
  id: string | number;
  capacity: number;
  nextStartDate?: string | null | undefined;
}>;

export type SetListingCapacityMutation = { setCapacity: { id: string } };

export type PublishListingMutationVariables = Exact<{
  id: string | number;
}>;

export type PublishListingMutation = { publishIntervention: { id: string } };

export type SuspendListingMutationVariables = Exact<{
  id: string | number;
}>;

export type SuspendListingMutation = { suspendIntervention: { id: string } };

export type WithdrawListingMutationVariables = Exact<{
  id: string | number;
}>;

export type WithdrawListingMutation = { withdrawIntervention: { id: string } };

export type ConfirmListingMutationVariables = Exact<{
  id: string | number;
}>;

export type ConfirmListingMutation = { confirmIntervention: { id: string } };

export type ImportRateCardMutationVariables = Exact<{
  csv: string;
  dryRun: boolean;
}>;

export type ImportRateCardMutation = {
  importRateCard: {
    created: number;
    updated: number;
    dryRun: boolean;
    errors: Array<{ row: number; column: string | null; message: string }>;
  };
};

export type BuyPageQueryVariables = Exact<{
  id: string | number;
}>;

export type BuyPageQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  intervention: {
    id: string;
    title: string;
    status: ListingStatus;
    factors: Array<FactorCode>;
    capacity: number;
    placesAvailable: number;
    sessionCount: number | null;
    durationWeeks: number | null;
    provider: { id: string; name: string };
    price: { amountPence: number; unit: PriceUnit; outcomePaymentPence: number } | null;
  } | null;
  desiredOutcomes: Array<{ id: string; factor: FactorCode; description: string }>;
};

export type BuyPlaceMutationVariables = Exact<{
  input: CreateReferralInput;
  idempotencyKey: string;
}>;

export type BuyPlaceMutation = { createReferral: { id: string } };

export type BoughtPageQueryVariables = Exact<{
  id: string | number;
}>;

export type BoughtPageQuery = {
  referral: {
    id: string;
    crn: string;
    status: ReferralStatus;
    units: number;
    totalPence: number;
    outcomePaymentPence: number;
    outcomePaymentMaxPence: number;
    financialYear: number;
    priceSnapshot: { amountPence: number; unit: PriceUnit };
    division: { code: string; name: string };
    intervention: { id: string; title: string };
    provider: { name: string };
  } | null;
};

export type BoughtBudgetQueryVariables = Exact<{
  divisionCode: string;
  financialYear: number;
}>;

export type BoughtBudgetQuery = {
  divisionBudget: {
    allocatedPence: number;
    committedPence: number;
    spentPence: number;
    remainingPence: number;
  };
};

export type MyReferralsQueryVariables = Exact<{
  filter?: ReferralFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type MyReferralsQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  referrals: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        id: string;
        crn: string;
        status: ReferralStatus;
        createdAt: string;
        targetFactors: Array<FactorCode>;
        endOfServiceReportDue: boolean;
        intervention: { id: string; title: string };
        provider: { name: string };
      };
    }>;
  };
};

export type ReferralPageQueryVariables = Exact<{
  id: string | number;
}>;

export type ReferralPageQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  referral: {
    id: string;
    crn: string;
    status: ReferralStatus;
    createdAt: string;
    acceptedAt: string | null;
    startedOn: string | null;
    completedAt: string | null;
    complexity: Complexity | null;
    units: number;
    totalPence: number;
    outcomePaymentPence: number;
    outcomePaymentMaxPence: number;
    outcomePaymentEarnedPence: number | null;
    endOfServiceReportDue: boolean;
    declineReason: DeclineReason | null;
    withdrawalReason: WithdrawalReason | null;
    notes: string | null;
    targetFactors: Array<FactorCode>;
    sessionsOffered: number | null;
    sessionsAttended: number | null;
    priceSnapshot: { amountPence: number; unit: PriceUnit };
    person: {
      sex: Sex;
      age: number;
      riskLevel: RiskLevel;
      supervisionType: SupervisionType;
    } | null;
    intervention: { id: string; title: string };
    provider: { name: string };
    division: { name: string };
    desiredOutcomes: Array<{ id: string; factor: FactorCode; description: string }>;
    timeline: Array<{ at: string; by: string; type: TimelineEventType; summary: string }>;
    actionPlan: {
      version: number;
      activities: Array<string>;
      plannedSessions: number;
      submittedAt: string;
    } | null;
    sessions: Array<{
      id: string;
      number: number;
      startsAt: string;
      durationMinutes: number;
      deliveryMode: DeliveryMode;
      venue: string | null;
      feedback: {
        attended: Attendance;
        sessionHappened: boolean;
        noSessionReason: NoSessionReason | null;
        summary: string | null;
        response: string | null;
        concerns: string | null;
      } | null;
    }>;
    endOfServiceReport: {
      submittedAt: string;
      achievementScore: number;
      outcomePaymentEarnedPence: number;
      furtherInformation: string | null;
      outcomes: Array<{
        achievement: Achievement;
        progressComments: string | null;
        desiredOutcome: { id: string; factor: FactorCode; description: string };
      }>;
    } | null;
    caseNotes: Array<{ id: string; at: string; side: CaseNoteSide; subject: string; body: string }>;
    outcome: {
      recordedAt: string;
      amendedAt: string | null;
      notes: string | null;
      riskOfHarmFocus: Judgement;
      informationForReview: Judgement;
      factorJudgements: Array<{ factor: FactorCode; sufficient: boolean }>;
    } | null;
  } | null;
};

export type ReferralHeadingQueryVariables = Exact<{
  id: string | number;
}>;

export type ReferralHeadingQuery = {
  factors: Array<{ code: FactorCode; name: string }>;
  referral: {
    id: string;
    crn: string;
    status: ReferralStatus;
    targetFactors: Array<FactorCode>;
    intervention: { title: string };
    provider: { name: string };
    outcome: {
      recordedAt: string;
      notes: string | null;
      riskOfHarmFocus: Judgement;
      informationForReview: Judgement;
      factorJudgements: Array<{ factor: FactorCode; sufficient: boolean }>;
    } | null;
  } | null;
};

export type WithdrawReferralMutationVariables = Exact<{
  id: string | number;
  input: WithdrawReferralInput;
}>;

export type WithdrawReferralMutation = { withdrawReferral: { id: string; status: ReferralStatus } };

export type RecordOutcomeMutationVariables = Exact<{
  referralId: string | number;
  input: OutcomeInput;
}>;

export type RecordOutcomeMutation = { recordOutcome: { id: string } };

export type AmendOutcomeMutationVariables = Exact<{
  referralId: string | number;
  input: OutcomeInput;
}>;

export type AmendOutcomeMutation = { amendOutcome: { id: string } };

export type AddCaseNoteMutationVariables = Exact<{
  referralId: string | number;
  input: CaseNoteInput;
}>;

export type AddCaseNoteMutation = { addCaseNote: { id: string } };

export type ReviewRowFragment = {
  title: string;
  providerName: string;
  status: ListingStatus;
  rationale: string | null;
  factors: Array<FactorCode>;
  pccAreaCodes: Array<string>;
  searches: number;
  searchesNothingAvailable: number;
  purchases: number;
  purchasesElsewhere: number;
  placesUsed: number;
  placesOffered: number;
  completed: number;
  judgements: number;
  contributionRate: number | null;
  lastPurchaseAt: string | null;
  verdict: RateCardVerdict;
  intervention: { id: string };
};

export type ReviewProvidersQueryVariables = Exact<{ [key: string]: never }>;

export type ReviewProvidersQuery = {
  organisations: { nodes: Array<{ id: string; name: string }> };
};

export type RateCardReviewQueryVariables = Exact<{
  providerId: string | number;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;

export type RateCardReviewQuery = {
  organisation: { id: string; name: string; kind: OrganisationKind } | null;
  rateCardReview: Array<{
    title: string;
    providerName: string;
    status: ListingStatus;
    rationale: string | null;
    factors: Array<FactorCode>;
    pccAreaCodes: Array<string>;
    searches: number;
    searchesNothingAvailable: number;
    purchases: number;
    purchasesElsewhere: number;
    placesUsed: number;
    placesOffered: number;
    completed: number;
    judgements: number;
    contributionRate: number | null;
    lastPurchaseAt: string | null;
    verdict: RateCardVerdict;
    intervention: { id: string };
  }>;
};

export type ServicesAtRiskQueryVariables = Exact<{
  divisionCode?: string | null | undefined;
}>;

export type ServicesAtRiskQuery = {
  me: { roles: Array<Role>; divisionCode: string | null };
  servicesAtRisk: Array<{
    title: string;
    providerName: string;
    status: ListingStatus;
    onlyProvider: boolean;
    onlyWithAdaptations: Array<Adaptation>;
    reasons: Array<RiskReason>;
    lastPurchaseAt: string | null;
    lastConfirmedAt: string;
    intervention: { id: string };
    provider: { id: string };
    pccArea: { code: string; name: string };
    factor: { code: FactorCode; name: string };
  }>;
};

export type ReviewMeQueryVariables = Exact<{ [key: string]: never }>;

export type ReviewMeQuery = { me: { organisationId: string | null } };

export type SupplyChainPageQueryVariables = Exact<{
  primeId?: string | number | null | undefined;
  financialYear?: number | null | undefined;
}>;

export type SupplyChainPageQuery = {
  supplyChain: {
    financialYear: number | null;
    prime: { id: string; name: string };
    members: Array<{
      isPrime: boolean;
      referrals: number;
      liveReferrals: number;
      incomePence: number;
      outcomes: number;
      judged: number;
      sufficient: number;
      organisation: { id: string; name: string; kind: OrganisationKind };
      subcontracts: Array<{
        id: string;
        reference: string;
        status: SubcontractStatus;
        startsOn: string;
        lastDay: string;
        annualValuePence: number;
      }>;
      listings: Array<{ id: string; title: string; status: ListingStatus }>;
    }>;
    endingSoon: Array<{
      id: string;
      reference: string;
      lastDay: string;
      subcontractor: { name: string };
    }>;
  };
};

export type WebhooksPageQueryVariables = Exact<{
  includeInactive?: boolean | null | undefined;
}>;

export type WebhooksPageQuery = {
  webhooks: {
    nodes: Array<{
      id: string;
      url: string;
      description: string | null;
      events: Array<DomainEventType>;
      active: boolean;
      createdAt: string;
      deactivatedAt: string | null;
    }>;
  };
};

export type WebhookPageQueryVariables = Exact<{
  webhookId: string | number;
  after?: string | null | undefined;
}>;

export type WebhookPageQuery = {
  node:
    | {
        id: string;
        url: string;
        description: string | null;
        events: Array<DomainEventType>;
        active: boolean;
        createdAt: string;
        deactivatedAt: string | null;
        organisationId: string | null;
        divisionCode: string | null;
      }
    | Record<PropertyKey, never>
    | null;
  webhookDeliveries: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        id: string;
        eventType: DomainEventType;
        occurredAt: string;
        status: WebhookDeliveryStatus;
        attemptCount: number;
        deliveredAt: string | null;
        nextAttemptAt: string | null;
        referralId: string | null;
        attempts: Array<{
          number: number;
          at: string;
          httpStatus: number | null;
          durationMs: number;
          error: string | null;
        }>;
      };
    }>;
  };
};

export type RegisterWebhookMutationVariables = Exact<{
  input: RegisterWebhookInput;
}>;

export type RegisterWebhookMutation = {
  registerWebhook: { secret: string; webhook: { id: string } };
};

export type DeactivateWebhookMutationVariables = Exact<{
  id: string | number;
}>;

export type DeactivateWebhookMutation = { deactivateWebhook: { id: string; active: boolean } };
