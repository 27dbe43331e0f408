import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { BadUserInputError, ForbiddenError } from '../common/errors';

/** Who owns a webhook: a provider organisation or a division, never both. */
export type WebhookOwner = { organisationId: string } | { divisionCode: string };

/** Whether the caller acts for a division: a purchaser, or a commissioner limited to one. */
function divisionOf(caller: Caller): string | undefined {
  return hasRole(caller, Role.PURCHASER, Role.COMMISSIONER) ? caller.divisionCode : undefined;
}

function organisationOf(caller: Caller): string | undefined {
  return hasRole(caller, Role.SUPPLIER) ? caller.organisationId : undefined;
}

/** Whether the caller may manage (and see) webhooks of this owner. */
export function mayManage(
  caller: Caller,
  owner: { organisationId: string | null; divisionCode: string | null },
): boolean {
  if (hasRole(caller, Role.ADMIN)) return true;
  if (owner.organisationId) return organisationOf(caller) === owner.organisationId;
  return !!owner.divisionCode && divisionOf(caller) === owner.divisionCode;
}

/**
 * The owner of a webhook the caller registers: the one named, if the caller may act for it, or
 * else the caller's own organisation (suppliers) or division (purchasers, division commissioners).
 */
export function ownerFor(
  caller: Caller,
  named: { organisationId?: string; divisionCode?: string },
): WebhookOwner {
  if (named.organisationId && named.divisionCode) {
    throw new BadUserInputError('A webhook belongs to an organisation or a division, not both', [
      { field: 'input.divisionCode', message: 'give organisationId or divisionCode, not both' },
    ]);
  }
  const owner: WebhookOwner | undefined = named.organisationId
    ? { organisationId: named.organisationId }
    : named.divisionCode
      ? { divisionCode: named.divisionCode }
      : organisationOf(caller)
        ? { organisationId: organisationOf(caller)! }
        : divisionOf(caller)
          ? { divisionCode: divisionOf(caller)! }
          : undefined;
  if (!owner) {
    if (hasRole(caller, Role.ADMIN)) {
      throw new BadUserInputError('Say whose webhook this is', [
        {
          field: 'input.organisationId',
          message: 'an admin must give organisationId or divisionCode',
        },
      ]);
    }
    throw new ForbiddenError(
      'Webhooks are registered by a supplier for its organisation or by a purchaser or division commissioner for their division',
      'ROLE_NOT_ALLOWED',
    );
  }
  const full = {
    organisationId: 'organisationId' in owner ? owner.organisationId : null,
    divisionCode: 'divisionCode' in owner ? owner.divisionCode : null,
  };
  if (!mayManage(caller, full)) {
    throw new ForbiddenError(
      'You may register webhooks only for your own organisation or division',
      'OUT_OF_SCOPE',
    );
  }
  return owner;
}

/**
 * The SQL condition (on alias `w`) limiting webhooks to those the caller may see, with its
 * parameters; admins see all.
 */
export function visibleWebhooks(caller: Caller): { where: string; params: Record<string, string> } {
  if (hasRole(caller, Role.ADMIN)) return { where: 'true', params: {} };
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  const organisationId = organisationOf(caller);
  const divisionCode = divisionOf(caller);
  if (organisationId) {
    clauses.push('w.organisation_id = :scopeOrganisation');
    params.scopeOrganisation = organisationId;
  }
  if (divisionCode) {
    clauses.push('w.division_code = :scopeDivision');
    params.scopeDivision = divisionCode;
  }
  return { where: clauses.length ? `(${clauses.join(' OR ')})` : 'false', params };
}
