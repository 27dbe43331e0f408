import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { BadUserInputError, ForbiddenError } from '../common/errors';
import { ListingStatus } from './catalogue.enums';

/**
 * Who may touch which listings: a supplier only its own organisation's, ADMIN any. Everyone else
 * is refused before anything is read or written.
 */
export function assertCanManage(caller: Caller, providerId: string): void {
  if (hasRole(caller, Role.ADMIN)) return;
  if (hasRole(caller, Role.SUPPLIER) && caller.organisationId === providerId) return;
  throw new ForbiddenError(
    "Only the provider's own suppliers (or an admin) can change its listings",
    'OUT_OF_SCOPE',
  );
}

/** The provider a new listing belongs to: the supplier's own organisation, or the one ADMIN names. */
export function providerForNewListing(caller: Caller, requested: string | undefined): string {
  if (hasRole(caller, Role.ADMIN) && requested) return requested;
  if (hasRole(caller, Role.SUPPLIER) && caller.organisationId) {
    if (requested && requested !== caller.organisationId) {
      throw new ForbiddenError(
        'Suppliers can create listings only for their own organisation',
        'OUT_OF_SCOPE',
      );
    }
    return caller.organisationId;
  }
  if (hasRole(caller, Role.ADMIN)) {
    throw new BadUserInputError('Say which provider the listing is for', [
      {
        field: 'input.providerId',
        message: 'providerId is required when an admin creates a listing',
      },
    ]);
  }
  throw new ForbiddenError(
    'Only suppliers with an organisation (or admins) can create listings',
    'TOKEN_HAS_NO_ORGANISATION',
  );
}

/**
 * A listing's rationale is for those who judge the rate card (commissioners, admins) and the
 * provider's own suppliers; purchasers choose on the listing itself. Others are refused.
 */
export function assertCanSeeRationale(caller: Caller, providerId: string): void {
  if (hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) return;
  if (hasRole(caller, Role.SUPPLIER) && caller.organisationId === providerId) return;
  throw new ForbiddenError(
    'A listing’s rationale is shown to commissioners and its own suppliers only',
    'OUT_OF_SCOPE',
  );
}

/** Drafts are seen only by their own suppliers and ADMIN; other statuses by every role. */
export function canSee(
  caller: Caller,
  listing: { providerId: string; status: ListingStatus },
): boolean {
  if (listing.status !== ListingStatus.DRAFT) return true;
  return (
    hasRole(caller, Role.ADMIN) ||
    (hasRole(caller, Role.SUPPLIER) && caller.organisationId === listing.providerId)
  );
}
