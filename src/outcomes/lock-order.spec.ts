import { aggregateDelta, inLockOrder, reportDelta } from './outcomes.service';
import { Achievement } from './achievement';
import { Judgement } from './judgement';

const provider = 'B0000000-0000-4000-8000-000000000000';
const intervention = 'a0000000-0000-4000-8000-000000000000';
const keys = (rows: { scope: string; scopeId: string; factor: string }[]) =>
  rows.map((r) => `${r.scope}/${r.scopeId.toLowerCase().slice(0, 1)}/${r.factor}`);

describe('inLockOrder', () => {
  it('puts the rows an outcome touches in one order whatever order the judgements came in', () => {
    const judged = (factors: string[]) => ({
      providerId: provider,
      interventionId: intervention,
      judgements: factors.map((factor) => ({ factor, sufficient: true })),
      riskOfHarmFocus: Judgement.YES,
      informationForReview: Judgement.NOT_APPLICABLE,
    });
    const one = inLockOrder(aggregateDelta(judged(['FINANCE', 'ACCOMMODATION', 'ETE']), 1));
    const other = inLockOrder(aggregateDelta(judged(['ETE', 'FINANCE', 'ACCOMMODATION']), 1));
    expect(keys(one)).toEqual(keys(other));
    // Byte order, as PostgreSQL's "C" collation and uuid comparison sort: '*' before letters,
    // INTERVENTION before PROVIDER, uuids as lower-case hex.
    expect(keys(one)).toEqual([
      'INTERVENTION/a/*',
      'INTERVENTION/a/ACCOMMODATION',
      'INTERVENTION/a/ETE',
      'INTERVENTION/a/FINANCE',
      'PROVIDER/b/*',
      'PROVIDER/b/ACCOMMODATION',
      'PROVIDER/b/ETE',
      'PROVIDER/b/FINANCE',
    ]);
  });

  it('orders a report’s rows the same way', () => {
    const rows = inLockOrder(
      reportDelta({
        providerId: provider,
        interventionId: intervention,
        rows: [
          { factor: 'DRUGS', achievement: Achievement.ACHIEVED },
          { factor: 'ALCOHOL', achievement: Achievement.NOT_ACHIEVED },
        ],
      }),
    );
    expect(keys(rows)).toEqual([
      'INTERVENTION/a/*',
      'INTERVENTION/a/ALCOHOL',
      'INTERVENTION/a/DRUGS',
      'PROVIDER/b/*',
      'PROVIDER/b/ALCOHOL',
      'PROVIDER/b/DRUGS',
    ]);
  });
});
