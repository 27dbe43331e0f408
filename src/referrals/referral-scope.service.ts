import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { ReferralAction } from './referral-lifecycle';
import { ReferralEntity } from './referral.entity';
import { canSeeReferral, isProviderSide, referralScopeClause } from './referral.policy';

/**
 * Which referrals a caller may see and act on: the row scope of every read and every step on a
 * referral (see referral.policy), and the locks other modules' steps take within it.
 */
@Injectable()
export class ReferralScopeService {
  /**
   * Locks a referral for a step of another module's transaction (delivery, reports), within the
   * caller's scope: NOT_FOUND outside it. The referral row is always locked first.
   */
  async lockInScope(manager: EntityManager, caller: Caller, id: string): Promise<ReferralEntity> {
    const row = await manager.findOne(ReferralEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row || !this.canSee(caller, row)) throw new NotFoundError('Referral', id);
    return row;
  }

  /**
   * FORBIDDEN unless the caller is a supplier of the referral's provider or of the subcontractor
   * delivering it.
   */
  assertProvider(caller: Caller, row: ReferralEntity): void {
    if (isProviderSide(caller, row)) return;
    throw new ForbiddenError('Only the provider’s own suppliers can do this', 'OUT_OF_SCOPE');
  }

  /** Which side of the referral the caller acts for, or FORBIDDEN (commissioners only read). */
  sideOf(caller: Caller, row: ReferralEntity): 'PURCHASER' | 'PROVIDER' {
    if (isProviderSide(caller, row)) return 'PROVIDER';
    if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode)
      return 'PURCHASER';
    throw new ForbiddenError(
      "Only the buying division's purchasers and the provider's suppliers can do this",
      'OUT_OF_SCOPE',
    );
  }

  /** The caller's row scope (see referral.policy). */
  canSee(caller: Caller, row: ReferralEntity): boolean {
    return canSeeReferral(caller, row);
  }

  /** Narrows a query of referrals to the caller's row scope. */
  applyScope(query: SelectQueryBuilder<ReferralEntity>, caller: Caller): void {
    const scope = referralScopeClause(caller);
    if (scope) query.andWhere(scope.where, scope.parameters);
  }

  /** FORBIDDEN unless the caller may take this step: purchasers withdraw, the provider does the rest. */
  assertMayAct(caller: Caller, row: ReferralEntity, action: ReferralAction): void {
    if (action === 'withdraw') {
      if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return;
      throw new ForbiddenError(
        "Only a purchaser of the referral's division can withdraw it",
        'OUT_OF_SCOPE',
      );
    }
    if (isProviderSide(caller, row)) return;
    throw new ForbiddenError(
      'Only the provider’s own suppliers can move a referral on',
      'OUT_OF_SCOPE',
    );
  }
}
