/**
 * Positional SQL parameters ($1, $2...), added as they are used, so that no value is ever spliced
 * into SQL text. `cast` is appended to the placeholder (`$3::uuid`).
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}
