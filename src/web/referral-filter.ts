import type { ReferralFilter, ReferralStatus } from './graphql-types';

/** A work queue tab's filter as the pages write it (a constant list of statuses). */
export interface QueueTabFilter {
  statuses?: readonly ReferralStatus[];
  endOfServiceReportDue?: boolean;
}

/** A queue tab's filter as the API's `ReferralFilter`, for one person when a CRN is given. */
export function referralFilter(
  { statuses, ...filter }: QueueTabFilter,
  crn: string,
): ReferralFilter {
  return {
    ...filter,
    ...(statuses ? { statuses: [...statuses] } : {}),
    ...(crn ? { crn } : {}),
  };
}
