import { createHash } from 'node:crypto';
import { Adaptation, RiskLevel, Sex, SupervisionType } from '../catalogue/catalogue.enums';
import { FACTOR_NAMES, FactorCode } from '../reference/factor-code';

/** Our namespace for name-based (version 5) UUIDs: every derived id in the feed hangs off it. */
const NAMESPACE = '3f8a1c52-7d0e-4b9a-9c61-2e5d8f4b7a10';

/** RFC 4122 version 5 UUID (SHA-1 of namespace + name): the same name always gives the same id. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One term of one of our taxonomies. */
export interface Term {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomyId: string;
}

export interface Taxonomy {
  id: string;
  slug: string;
  name: string;
  description: string;
  version: string;
  terms: Term[];
}

function taxonomy(
  slug: string,
  name: string,
  description: string,
  terms: { code: string; name: string; description: string }[],
): Taxonomy {
  const id = uuidV5(`taxonomy:${slug}`);
  return {
    id,
    slug,
    name,
    description,
    version: '1',
    terms: terms.map((term) => ({
      ...term,
      id: uuidV5(`term:${slug}:${term.code}`),
      taxonomyId: id,
    })),
  };
}

/** The 12 OASys factors as a taxonomy: what an intervention addresses. */
export const NEEDS = taxonomy(
  'probation-intervention-needs',
  'Probation intervention needs',
  'The OASys assessment sections HM Inspectorate of Probation uses as priority factors: the needs an intervention for people on probation addresses.',
  Object.values(FactorCode).map((code) => ({
    code,
    name: FACTOR_NAMES[code],
    description: `Interventions addressing the OASys factor "${FACTOR_NAMES[code]}" (${code}).`,
  })),
);

const SEX_NAMES: Record<Sex, string> = { MALE: 'Men', FEMALE: 'Women' };
const RISK_NAMES: Record<RiskLevel, string> = {
  LOW: 'Low risk of serious harm',
  MEDIUM: 'Medium risk of serious harm',
  HIGH: 'High risk of serious harm',
  VERY_HIGH: 'Very high risk of serious harm',
};
const SUPERVISION_NAMES: Record<SupervisionType, string> = {
  COMMUNITY_SENTENCE: 'On a community sentence',
  LICENCE: 'On licence after release',
  POST_SENTENCE_SUPERVISION: 'On post-sentence supervision',
  PRE_RELEASE: 'Before release from custody',
};
const ADAPTATION_NAMES: Record<Adaptation, string> = {
  LEARNING_DISABILITY: 'Adapted for people with learning disabilities',
  WHEELCHAIR_ACCESS: 'Wheelchair accessible',
  WOMEN_ONLY: 'Women-only provision',
  INTERPRETER: 'Interpreters available',
  NEURODIVERSITY: 'Adapted for neurodivergent people',
  CHILDCARE: 'Childcare available',
  BAME_FOCUSED: 'Focused on Black, Asian and minority ethnic people',
};

/** Who an intervention admits and how it adapts: eligibility and accessibility as attributes. */
export const ELIGIBILITY = taxonomy(
  'probation-eligibility',
  'Probation eligibility and adaptations',
  'Who a probation intervention admits (sex, risk of serious harm, kind of supervision) and how it is adapted.',
  [
    ...Object.values(Sex).map((code) => ({
      code: `SEX_${code}`,
      name: `${SEX_NAMES[code]} admitted`,
      description: `The intervention admits ${SEX_NAMES[code].toLowerCase()}.`,
    })),
    ...Object.values(RiskLevel).map((code) => ({
      code: `RISK_${code}`,
      name: `${RISK_NAMES[code]} admitted`,
      description: `The intervention admits people assessed at ${RISK_NAMES[code].toLowerCase()}.`,
    })),
    ...Object.values(SupervisionType).map((code) => ({
      code: `SUPERVISION_${code}`,
      name: SUPERVISION_NAMES[code],
      description: `The intervention admits people ${SUPERVISION_NAMES[code].toLowerCase()}.`,
    })),
    ...Object.values(Adaptation).map((code) => ({
      code: `ADAPTATION_${code}`,
      name: ADAPTATION_NAMES[code],
      description: `${ADAPTATION_NAMES[code]}.`,
    })),
  ],
);

export const TAXONOMIES = [NEEDS, ELIGIBILITY];
export const TERMS = TAXONOMIES.flatMap((t) => t.terms);
export const TERM_BY_ID = new Map(TERMS.map((term) => [term.id, term]));
export const TAXONOMY_BY_ID = new Map(TAXONOMIES.map((t) => [t.id, t]));

export function needTerm(factor: FactorCode): Term {
  return NEEDS.terms.find((term) => term.code === String(factor))!;
}

export function eligibilityTerm(code: string): Term {
  return ELIGIBILITY.terms.find((term) => term.code === code)!;
}
