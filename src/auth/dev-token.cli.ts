/**
 * Prints a development token signed with the configured secret (or the fixed dev secret).
 *   npm run token -- --role PURCHASER --division LDN
 *   npm run token -- --role SUPPLIER --organisation <uuid> --name "Jo Bloggs" --expires 8h
 *   npm run token -- --applicant --sub jo@example.org   (no roles: may apply to join the framework)
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config';
import { signDevelopmentToken } from './dev-token';
import { ALL_ROLES, Role } from './role';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: [] },
      applicant: { type: 'boolean', default: false },
      division: { type: 'string' },
      organisation: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role.map((r) => r.toUpperCase());
  const unknown = roles.filter((r) => !ALL_ROLES.includes(r as Role));
  if (values.applicant ? roles.length > 0 : roles.length === 0 || unknown.length > 0) {
    throw new Error(
      `Give --applicant (a signed-in user with no role) or --role, one or more of ${ALL_ROLES.join(', ')} (got ${roles.join(', ') || 'none'})`,
    );
  }
  const sub =
    values.sub ??
    `dev-${roles[0]?.toLowerCase() ?? 'applicant'}${values.division ? `-${values.division.toLowerCase()}` : ''}`;
  const token = await signDevelopmentToken(
    loadConfig(),
    {
      sub,
      name: values.name ?? `Dev ${roles.map((r) => r.toLowerCase()).join('/') || 'applicant'}`,
      roles: roles as Role[],
      organisationId: values.organisation,
      divisionCode: values.division,
    },
    values.expires,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
