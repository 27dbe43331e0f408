/** Through what personal data was read: the API (its pages included) or a subject access export. */
export type ReadVia = 'API' | 'SUBJECT_ACCESS_EXPORT';

/** One read as noted, before it is written. */
export interface PendingRead {
  /** Which request (reads of one request merge into one row per referral and reader). */
  request: number;
  at: Date;
  actorId: string;
  actorRoles: string[];
  referralId: string;
  fields: string[];
  via: ReadVia;
}

/** A row to write: one per request, referral, reader and way, with the fields read, sorted. */
export interface AccessRow {
  at: Date;
  actorId: string;
  actorRoles: string[];
  referralId: string;
  fields: string[];
  via: ReadVia;
}

/**
 * Merges the reads noted into rows: the fields one request read of one referral (a page reads
 * the CRN, the person and the case notes through separate fields) make one row, at the first
 * read's time. Order of first appearance is kept.
 */
export function mergeReads(reads: PendingRead[]): AccessRow[] {
  const rows = new Map<string, AccessRow>();
  for (const read of reads) {
    const key = [read.request, read.referralId, read.actorId, read.via].join('|');
    const row = rows.get(key);
    if (row) {
      row.fields = [...new Set([...row.fields, ...read.fields])].sort();
    } else {
      rows.set(key, {
        at: read.at,
        actorId: read.actorId,
        actorRoles: read.actorRoles,
        referralId: read.referralId,
        fields: [...new Set(read.fields)].sort(),
        via: read.via,
      });
    }
  }
  return [...rows.values()];
}
