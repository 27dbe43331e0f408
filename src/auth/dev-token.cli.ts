/**
 * Prints a development token signed with the configured secret (or the fixed dev secret).
 *   npm run token -- --role PURCHASER --division LDN
 *   npm run token -- --role SUPPLIER --organisation <uuid> --name "Jo Bloggs" --expires 8h
 *   npm run token -- --applicant --sub jo@example.org   (no roles: may apply to join the framework)
 */
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config';
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
  const config = loadConfig();
  if (!config.jwt.secret)
    throw new Error('Only JWT_JWKS_URL is configured: tokens come from the identity provider');

  const sub =
    values.sub ??
    `dev-${roles[0]?.toLowerCase() ?? 'applicant'}${values.division ? `-${values.division.toLowerCase()}` : ''}`;
  const token = await new SignJWT({
    name: values.name ?? `Dev ${roles.map((r) => r.toLowerCase()).join('/') || 'applicant'}`,
    roles,
    ...(values.organisation ? { organisationId: values.organisation } : {}),
    ...(values.division ? { divisionCode: values.division } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(values.expires)
    .setIssuer(config.jwt.issuer ?? 'intervention-marketplace-dev')
    .setAudience(config.jwt.audience ?? 'intervention-marketplace')
    .sign(new TextEncoder().encode(config.jwt.secret));
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
