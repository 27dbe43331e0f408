/** snake_case to camelCase: `further_information` to `furtherInformation`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A row's keys in camelCase (values as they are). */
export function camelKeys(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [camelCase(key), value]));
}

/**
 * Rows grouped by their `referral_id` (taken out of each row), keys in camelCase, in the order
 * read.
 */
export function groupRows(rows: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const { referral_id, ...rest } of rows) {
    const id = referral_id as string;
    const group = groups.get(id) ?? [];
    group.push(camelKeys(rest));
    groups.set(id, group);
  }
  return groups;
}
