import type {
  ApplyToJoinInput,
  DeclarationInput,
  FactorCode,
  OrganisationKind,
} from '../graphql-types';
import type { FieldMessage } from '../view-filters';

/** The four declarations, in the order the pages ask about them, by their input field. */
export const DECLARATIONS = [
  { field: 'safeguardingPolicy', kind: 'SAFEGUARDING_POLICY', question: 'A safeguarding policy' },
  { field: 'insurance', kind: 'INSURANCE', question: 'Liability insurance' },
  { field: 'dataProtection', kind: 'DATA_PROTECTION', question: 'Data protection registration' },
  { field: 'vettedStaff', kind: 'VETTED_STAFF', question: 'Vetted (DBS checked) staff' },
] as const;

export type DeclarationField = (typeof DECLARATIONS)[number]['field'];

/** A date as the GOV.UK date input holds it. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface DeclarationAnswer {
  held?: 'yes' | 'no';
  expiresOn: DateParts;
}

/** Everything the question pages collected, as typed (kept in the session until sent). */
export interface ApplicationAnswers {
  /** Set when the answers amend an application sent back for changes. */
  amending?: string;
  name: string;
  kind: string;
  charityNumber: string;
  companyNumber: string;
  website: string;
  description: string;
  contactEmail: string;
  factors: string[];
  pccAreaCodes: string[];
  declarations: Record<DeclarationField, DeclarationAnswer>;
}

const noDate = (): DateParts => ({ day: '', month: '', year: '' });

export function emptyAnswers(): ApplicationAnswers {
  return {
    name: '',
    kind: '',
    charityNumber: '',
    companyNumber: '',
    website: '',
    description: '',
    contactEmail: '',
    factors: [],
    pccAreaCodes: [],
    declarations: Object.fromEntries(
      DECLARATIONS.map((d) => [d.field, { expiresOn: noDate() }]),
    ) as Record<DeclarationField, DeclarationAnswer>,
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown): string[] =>
  [value ?? []].flat().filter((v): v is string => typeof v === 'string' && v !== '');

/**
 * "2027-03-31" from the three boxes, or undefined when all three are empty. Whatever was typed
 * is passed on as it is (the API's Date type says what is wrong with it): the page adds no rule.
 */
export function isoDate(parts: DateParts): string | undefined {
  const { day, month, year } = parts;
  if (!day && !month && !year) return undefined;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

export function dateParts(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return match
    ? { year: match[1], month: String(Number(match[2])), day: String(Number(match[3])) }
    : noDate();
}

/** The organisation page's answers from its form. */
export function organisationAnswers(
  answers: ApplicationAnswers,
  form: Record<string, unknown>,
): ApplicationAnswers {
  return {
    ...answers,
    name: text(form.name),
    kind: text(form.kind),
    charityNumber: text(form.charityNumber),
    companyNumber: text(form.companyNumber),
    website: text(form.website),
    description: text(form.description),
    contactEmail: text(form.contactEmail),
  };
}

export function reachAnswers(
  answers: ApplicationAnswers,
  form: Record<string, unknown>,
): ApplicationAnswers {
  return { ...answers, factors: list(form.factors), pccAreaCodes: list(form.pccAreaCodes) };
}

export function declarationAnswers(
  answers: ApplicationAnswers,
  form: Record<string, unknown>,
): ApplicationAnswers {
  const declarations = { ...answers.declarations };
  for (const { field } of DECLARATIONS) {
    const held = text(form[`${field}.held`]);
    declarations[field] = {
      held: held === 'yes' || held === 'no' ? held : undefined,
      expiresOn: {
        day: text(form[`${field}.expiresOn-day`]),
        month: text(form[`${field}.expiresOn-month`]),
        year: text(form[`${field}.expiresOn-year`]),
      },
    };
  }
  return { ...answers, declarations };
}

const orNull = (value: string): string | null => (value === '' ? null : value);

/** The API's ApplyToJoinInput from the answers. */
export function applicationInput(answers: ApplicationAnswers): ApplyToJoinInput {
  const declaration = (field: DeclarationField): DeclarationInput => {
    const answer = answers.declarations[field];
    return { held: answer.held === 'yes', expiresOn: isoDate(answer.expiresOn) ?? null };
  };
  return {
    organisation: {
      name: answers.name,
      // Sent as answered (the check page sends nothing until it is): whether it is one of the
      // API's kinds is the API's rule.
      kind: answers.kind as OrganisationKind,
      charityNumber: orNull(answers.charityNumber),
      companyNumber: orNull(answers.companyNumber),
      website: orNull(answers.website),
      description: orNull(answers.description),
    },
    contactEmail: answers.contactEmail,
    factors: answers.factors as FactorCode[],
    pccAreaCodes: answers.pccAreaCodes,
    declarations: {
      safeguardingPolicy: declaration('safeguardingPolicy'),
      insurance: declaration('insurance'),
      dataProtection: declaration('dataProtection'),
      vettedStaff: declaration('vettedStaff'),
    },
  };
}

/** The answers an application sent back for changes starts from. */
export function answersFromApplication(application: {
  id: string;
  contactEmail: string;
  factors: string[];
  pccAreaCodes: string[];
  organisation: Record<string, string | null>;
  declarations: { kind: string; held: boolean; expiresOn: string | null }[];
}): ApplicationAnswers {
  const answers = emptyAnswers();
  const o = application.organisation;
  for (const { field, kind } of DECLARATIONS) {
    const declaration = application.declarations.find((d) => d.kind === kind);
    if (declaration) {
      answers.declarations[field] = {
        held: declaration.held ? 'yes' : 'no',
        expiresOn: dateParts(declaration.expiresOn),
      };
    }
  }
  return {
    ...answers,
    amending: application.id,
    name: o.name ?? '',
    kind: o.kind ?? '',
    charityNumber: o.charityNumber ?? '',
    companyNumber: o.companyNumber ?? '',
    website: o.website ?? '',
    description: o.description ?? '',
    contactEmail: application.contactEmail,
    factors: application.factors,
    pccAreaCodes: application.pccAreaCodes,
  };
}

/** The question pages, and which of them asks for each field. */
export const QUESTION_PAGES = {
  organisation: '/join/organisation',
  reach: '/join/reach',
  declarations: '/join/declarations',
} as const;

/**
 * A refusal's field path (`input.organisation.name`, `input.declarations.insurance.expiresOn`)
 * as the form field that asks for it (`name`, `insurance.expiresOn`) and its page.
 */
export function questionOf(path: string): { page: keyof typeof QUESTION_PAGES; field: string } {
  const field = path.replace(/^input\./, '');
  if (field.startsWith('organisation.'))
    return { page: 'organisation', field: field.slice('organisation.'.length) };
  if (field === 'organisation') return { page: 'organisation', field: 'name' };
  if (field === 'contactEmail') return { page: 'organisation', field };
  if (field.startsWith('declarations')) {
    const rest = field.slice('declarations.'.length);
    return { page: 'declarations', field: rest.endsWith('.expiresOn') ? `${rest}-day` : rest };
  }
  if (field.startsWith('pccAreaCodes')) return { page: 'reach', field: 'pccAreaCodes' };
  if (field.startsWith('factors')) return { page: 'reach', field: 'factors' };
  return { page: 'organisation', field: 'name' };
}

/** A form field's element id: `insurance.held` is the element `insurance-held`. */
export const elementId = (field: string): string => field.replace(/\./g, '-');

/** The refusal's messages, each placed on its question page's field. */
export function questionErrors(
  errors: FieldMessage[],
): (FieldMessage & { page: keyof typeof QUESTION_PAGES; href: string })[] {
  return errors.map((e) => {
    const { page, field } = questionOf(e.field);
    return {
      field: elementId(field),
      message: e.message,
      page,
      href: `${QUESTION_PAGES[page]}#${elementId(field)}`,
    };
  });
}

/** Each declaration's question beside what the application or organisation declared. */
export function declarationRows<T extends { kind: string }>(declarations: T[]) {
  return DECLARATIONS.map((d) => ({
    ...d,
    declaration: declarations.find((x) => x.kind === d.kind),
  }));
}
