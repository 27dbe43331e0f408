import { Caller } from './caller';
import { Role } from './role';
import { VerifiedTokens } from './verified-tokens';

const alice: Caller = { id: 'alice', name: 'Alice', roles: [Role.PURCHASER] };
const bob: Caller = { id: 'bob', name: 'Bob', roles: [Role.SUPPLIER] };
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const inSeconds = (s: number) => NOW / 1000 + s;

describe('VerifiedTokens', () => {
  it('answers for a token until its exp and not from then on', () => {
    const tokens = new VerifiedTokens(10, 3_600_000);
    tokens.set('t1', alice, inSeconds(60), NOW);
    expect(tokens.get('t1', NOW)).toBe(alice);
    expect(tokens.get('t1', NOW + 59_999)).toBe(alice);
    expect(tokens.get('t1', NOW + 60_000)).toBeUndefined();
    // Gone for good: an earlier time does not bring it back.
    expect(tokens.get('t1', NOW)).toBeUndefined();
    expect(tokens.get('other', NOW)).toBeUndefined();
  });

  it('keeps a long-lived token no longer than its maximum age', () => {
    const tokens = new VerifiedTokens(10, 600_000);
    tokens.set('t1', alice, inSeconds(12 * 3600), NOW);
    expect(tokens.get('t1', NOW + 599_999)).toBe(alice);
    expect(tokens.get('t1', NOW + 600_000)).toBeUndefined();
  });

  it('does not keep a token that has already expired', () => {
    const tokens = new VerifiedTokens(10, 600_000);
    tokens.set('t1', alice, inSeconds(0), NOW);
    tokens.set('t2', alice, inSeconds(-20), NOW);
    expect(tokens.size).toBe(0);
    expect(tokens.get('t1', NOW - 1000)).toBeUndefined();
  });

  it('holds at most its capacity, dropping the least recently used', () => {
    const tokens = new VerifiedTokens(2, 600_000);
    tokens.set('t1', alice, inSeconds(300), NOW);
    tokens.set('t2', bob, inSeconds(300), NOW);
    expect(tokens.get('t1', NOW)).toBe(alice); // t2 is now the least recently used
    tokens.set('t3', bob, inSeconds(300), NOW);
    expect(tokens.size).toBe(2);
    expect(tokens.get('t2', NOW)).toBeUndefined();
    expect(tokens.get('t1', NOW)).toBe(alice);
    expect(tokens.get('t3', NOW)).toBe(bob);
  });

  it('replaces the entry of a token verified again', () => {
    const tokens = new VerifiedTokens(2, 600_000);
    tokens.set('t1', alice, inSeconds(30), NOW);
    tokens.set('t1', alice, inSeconds(300), NOW + 1000);
    expect(tokens.size).toBe(1);
    expect(tokens.get('t1', NOW + 100_000)).toBe(alice);
  });
});
