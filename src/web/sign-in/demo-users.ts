import { DevelopmentIdentity } from '../../auth/dev-token';
import { Role } from '../../auth/role';

/** What the development sign-in page offers: one of these, with a division or an organisation. */
export type DemoUserKind =
  'purchaser' | 'supplier' | 'commissioner' | 'division-commissioner' | 'admin' | 'applicant';

export const DEMO_USER_KINDS: readonly DemoUserKind[] = [
  'purchaser',
  'supplier',
  'commissioner',
  'division-commissioner',
  'admin',
  'applicant',
];

export interface DemoUserChoice {
  kind?: string;
  divisionCode?: string;
  organisationId?: string;
}

export interface DemoUserOptions {
  divisions: { code: string; name: string }[];
  organisations: { id: string; name: string }[];
}

export type DemoUserResult =
  | { identity: DevelopmentIdentity; organisationName?: string }
  | { errors: { field: string; message: string }[] };

/**
 * The identity a demo user signs in with. Purchasers use the demo history's own subjects
 * (`demo-purchaser-ldn`...), so their referrals are theirs.
 */
export function demoIdentity(choice: DemoUserChoice, options: DemoUserOptions): DemoUserResult {
  const division = options.divisions.find((d) => d.code === choice.divisionCode);
  const organisation = options.organisations.find((o) => o.id === choice.organisationId);
  switch (choice.kind as DemoUserKind | undefined) {
    case 'purchaser':
      if (!division)
        return { errors: [{ field: 'divisionCode', message: 'Select the division you buy for' }] };
      return {
        identity: {
          sub: `demo-purchaser-${division.code.toLowerCase()}`,
          name: `Demo purchaser, ${division.name}`,
          roles: [Role.PURCHASER],
          divisionCode: division.code,
        },
      };
    case 'supplier':
      if (!organisation)
        return {
          errors: [{ field: 'organisationId', message: 'Select the organisation you work for' }],
        };
      return {
        identity: {
          sub: `demo-supplier-${organisation.id}`,
          name: `Demo supplier, ${organisation.name}`,
          roles: [Role.SUPPLIER],
          organisationId: organisation.id,
        },
        organisationName: organisation.name,
      };
    case 'commissioner':
      return {
        identity: {
          sub: 'demo-commissioner',
          name: 'Demo national commissioner',
          roles: [Role.COMMISSIONER],
        },
      };
    case 'division-commissioner':
      if (!division) {
        return {
          errors: [{ field: 'divisionCode', message: 'Select the division you commission for' }],
        };
      }
      return {
        identity: {
          sub: `demo-commissioner-${division.code.toLowerCase()}`,
          name: `Demo commissioner, ${division.name}`,
          roles: [Role.COMMISSIONER],
          divisionCode: division.code,
        },
      };
    case 'admin':
      return { identity: { sub: 'demo-admin', name: 'Demo administrator', roles: [Role.ADMIN] } };
    case 'applicant':
      return { identity: { sub: 'demo-applicant', name: 'Demo applicant', roles: [] } };
    default:
      return { errors: [{ field: 'kind', message: 'Select who you are signing in as' }] };
  }
}
