import { ValueTransformer } from 'typeorm';

/**
 * pg returns `bigint` as a string; pence are read back as exact JavaScript integers (safe to
 * 2^53, £90 trillion) and written as strings so nothing is rounded on the way.
 */
export const bigintPence: ValueTransformer = {
  to: (value: number | null | undefined) =>
    value === null || value === undefined ? value : String(value),
  from: (value: string | null) => (value === null ? null : Number(value)),
};
