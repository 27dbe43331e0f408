import { TestApp } from './test-app';

/** Desired outcomes by factor, as the API lists them (current ones, in order). */
export async function desiredOutcomes(
  t: TestApp,
  token: string,
): Promise<Record<string, { id: string; description: string }[]>> {
  const res = await t.gql<{
    desiredOutcomes: { id: string; factor: string; description: string }[];
  }>(`{ desiredOutcomes { id factor description } }`, { token });
  if (!res.data) throw new Error(`desiredOutcomes failed: ${JSON.stringify(res.errors)}`);
  const byFactor: Record<string, { id: string; description: string }[]> = {};
  for (const o of res.data.desiredOutcomes) (byFactor[o.factor] ??= []).push(o);
  return byFactor;
}

/** The first desired outcome of each factor: the least a purchase needs. */
export async function firstOutcomes(t: TestApp, token: string, factors: string[]) {
  const all = await desiredOutcomes(t, token);
  return factors.map((f) => all[f][0].id);
}

async function must<T>(
  t: TestApp,
  query: string,
  token: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const res = await t.gql<T>(query, { token, variables });
  if (!res.data || res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/**
 * Starts an ACCEPTED referral the only way there is: a session at the clock's now, attended.
 * Returns the session id.
 */
export async function attendSession(
  t: TestApp,
  supplierToken: string,
  referralId: string,
  attended: 'YES' | 'LATE' = 'YES',
): Promise<string> {
  const { scheduleSession } = await must<{ scheduleSession: { id: string } }>(
    t,
    `mutation ($r: ID!, $at: DateTime!) { scheduleSession(referralId: $r, input: { startsAt: $at, durationMinutes: 60, deliveryMode: ONE_TO_ONE }) { id } }`,
    supplierToken,
    { r: referralId, at: t.clock.now().toISOString() },
  );
  await must(
    t,
    `mutation ($id: ID!, $a: Attendance!) { recordSessionFeedback(id: $id, input: { attended: $a, sessionHappened: true, summary: "Worked on the plan" }) { id } }`,
    supplierToken,
    { id: scheduleSession.id, a: attended },
  );
  return scheduleSession.id;
}

/** Submits an end-of-service report giving every desired outcome the same achievement. */
export async function reportEndOfService(
  t: TestApp,
  supplierToken: string,
  referralId: string,
  achievement: 'ACHIEVED' | 'PARTIALLY_ACHIEVED' | 'NOT_ACHIEVED' = 'ACHIEVED',
): Promise<void> {
  const { referral } = await must<{ referral: { desiredOutcomes: { id: string }[] } }>(
    t,
    `query ($id: ID!) { referral(id: $id) { desiredOutcomes { id } } }`,
    supplierToken,
    { id: referralId },
  );
  await must(
    t,
    `mutation ($r: ID!, $input: EndOfServiceReportInput!) { submitEndOfServiceReport(referralId: $r, input: $input) { id } }`,
    supplierToken,
    {
      r: referralId,
      input: {
        outcomes: referral.desiredOutcomes.map((o) => ({ desiredOutcomeId: o.id, achievement })),
      },
    },
  );
}

/** Accepts, starts, reports on and finishes a SUBMITTED referral: COMPLETED, or ENDED_EARLY. */
export async function deliverToEnd(
  t: TestApp,
  supplierToken: string,
  referralId: string,
  early = false,
): Promise<void> {
  await must(t, `mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, supplierToken, {
    id: referralId,
  });
  await attendSession(t, supplierToken, referralId);
  await reportEndOfService(t, supplierToken, referralId);
  await must(
    t,
    early
      ? `mutation ($id: ID!) { endReferralEarly(id: $id, reason: "Moved away") { id } }`
      : `mutation ($id: ID!) { completeReferral(id: $id) { id } }`,
    supplierToken,
    { id: referralId },
  );
}
