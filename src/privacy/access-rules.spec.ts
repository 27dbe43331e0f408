import { mergeReads, PendingRead } from './access-rules';

const at = new Date('2045-05-04T09:00:00Z');
const read = (overrides: Partial<PendingRead>): PendingRead => ({
  request: 1,
  at,
  actorId: 'supplier-a',
  actorRoles: ['SUPPLIER'],
  referralId: 'r1',
  fields: ['crn'],
  via: 'API',
  ...overrides,
});

describe('mergeReads', () => {
  it('makes one row per request, referral and reader, with the fields read, sorted once', () => {
    const rows = mergeReads([
      read({ fields: ['person'] }),
      read({ fields: ['crn'] }),
      read({ fields: ['person', 'caseNotes'] }),
      read({ referralId: 'r2' }),
      read({ request: 2 }),
      read({ via: 'SUBJECT_ACCESS_EXPORT', fields: ['crn', 'caseNotes'] }),
    ]);
    expect(rows.map((r) => [r.referralId, r.fields, r.via])).toEqual([
      ['r1', ['caseNotes', 'crn', 'person'], 'API'],
      ['r2', ['crn'], 'API'],
      ['r1', ['crn'], 'API'],
      ['r1', ['caseNotes', 'crn'], 'SUBJECT_ACCESS_EXPORT'],
    ]);
  });

  it('keeps the first read’s time and writes nothing for nothing', () => {
    const later = new Date('2045-05-04T09:00:01Z');
    expect(mergeReads([read({}), read({ at: later, fields: ['notes'] })])[0].at).toBe(at);
    expect(mergeReads([])).toEqual([]);
  });
});
