import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMAS = join(__dirname, '..', 'oruk', 'schemas');

export type SchemaName =
  | 'api_details'
  | 'service'
  | 'service_list'
  | 'service_at_location'
  | 'service_at_location_list'
  | 'taxonomy'
  | 'taxonomy_list'
  | 'taxonomy_term'
  | 'taxonomy_term_list';

const compiled = new Map<SchemaName, ValidateFunction>();

/** The official validator's schema, compiled as its README says (Ajv 2020, strict off, formats). */
export function schema(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(
      JSON.parse(readFileSync(join(SCHEMAS, `${name}.json`), 'utf8')) as object,
    );
    compiled.set(name, validate);
  }
  return validate;
}

/** The schema's complaints about a body, or [] when it conforms. */
export function violations(name: SchemaName, body: unknown): string[] {
  const validate = schema(name);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Paths to every null in a body (the standard leaves optional fields out instead). */
export function nullsIn(value: unknown, path = ''): string[] {
  if (value === null) return [path || '/'];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullsIn(item, `${path}/${i}`));
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => nullsIn(item, `${path}/${key}`));
  return [];
}

export interface FeedResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function feed<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  init?: RequestInit,
): Promise<FeedResponse<T>> {
  const response = await fetch(`${baseUrl}/oruk${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  };
}

export interface Page<T = Record<string, unknown>> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}
