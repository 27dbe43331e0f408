import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { ConflictError, ForbiddenError } from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import { DivisionBudgetEntity } from './referral.entity';
import { DivisionBudget } from './referrals.models';
import { inTransaction, LostRaceError } from '../common/transaction';
import { FundingPotEntity } from './funding-pot.entity';
import {
  BudgetMovement,
  fundingSourceOf,
  movesNothing,
  potsInDrawOrder,
  PurchasePurpose,
} from './settlement';

export class BudgetExceededError extends ConflictError {
  constructor(message: string) {
    super(message, 'BUDGET_EXCEEDED');
  }
}

/**
 * A settlement found no budget row to move money on. Every referral committed against its
 * division's row when bought, so this is a bug (or a row removed by hand), never a user's
 * mistake: the step is refused and rolled back rather than the money silently left where it was.
 */
export class BudgetRowMissingError extends Error {
  constructor(divisionCode: string, financialYear: number) {
    super(
      `No ${financialYear} budget row for division ${divisionCode} to settle a referral against`,
    );
    this.name = 'BudgetRowMissingError';
  }
}

/** The funding pot chosen for a purchase was emptied by another before it was committed. */
export class FundingTakenError extends LostRaceError {
  constructor() {
    super('The funding pot chosen for the purchase no longer has enough left');
  }
}

/** A settlement found no funding pot row to move money on: a bug, like BudgetRowMissingError. */
export class FundingPotRowMissingError extends Error {
  constructor(potId: string) {
    super(`No funding pot ${potId} to settle a referral against`);
    this.name = 'FundingPotRowMissingError';
  }
}

/**
 * The id of a division's budget for a financial year: a name-based UUID (version 5 layout, SHA-1
 * of the division and year), so the audit trail, keyed by uuid, can hold its changes.
 */
export function divisionBudgetId(divisionCode: string, financialYear: number): string {
  const bytes = createHash('sha1')
    .update(`division-budget:${divisionCode}:${financialYear}`)
    .digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toModel(
  divisionCode: string,
  financialYear: number,
  row: DivisionBudgetEntity | null,
): DivisionBudget {
  const allocatedPence = row?.allocatedPence ?? 0;
  const committedPence = row?.committedPence ?? 0;
  const spentPence = row?.spentPence ?? 0;
  return {
    id: divisionBudgetId(divisionCode, financialYear),
    outcomePaymentsSpentPence: row?.outcomePaymentsSpentPence ?? 0,
    divisionCode,
    financialYear,
    allocatedPence,
    committedPence,
    spentPence,
    remainingPence: allocatedPence - committedPence - spentPence,
  };
}

/**
 * A division's purchasing budget per financial year. Money moves only by conditional updates
 * in the referral's transaction; the table's CHECK makes overdrawing impossible whatever the
 * concurrency.
 */
@Injectable()
export class BudgetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
  ) {}

  /** Purchasers see their own division's; commissioners theirs (or all when national); admins all. */
  async budget(
    caller: Caller,
    divisionCode: string,
    financialYear: number,
  ): Promise<DivisionBudget> {
    await this.reference.division(divisionCode);
    this.assertInScope(caller, divisionCode);
    const row = await this.dataSource
      .getRepository(DivisionBudgetEntity)
      .findOneBy({ divisionCode, financialYear });
    return toModel(divisionCode, financialYear, row);
  }

  async setBudget(
    caller: Caller,
    divisionCode: string,
    financialYear: number,
    allocatedPence: number,
  ): Promise<DivisionBudget> {
    await this.reference.division(divisionCode);
    this.assertInScope(caller, divisionCode);
    return inTransaction(this.dataSource, async (manager) => {
      const existing = await manager.findOne(DivisionBudgetEntity, {
        where: { divisionCode, financialYear },
        lock: { mode: 'pessimistic_write' },
      });
      const used = (existing?.committedPence ?? 0) + (existing?.spentPence ?? 0);
      if (allocatedPence < used) {
        throw new ConflictError(
          `The ${financialYear} budget of ${divisionCode} cannot go below the ${used} pence already committed or spent`,
          'BUDGET_BELOW_USED',
        );
      }
      const row =
        existing ??
        manager.create(DivisionBudgetEntity, {
          divisionCode,
          financialYear,
          committedPence: 0,
          spentPence: 0,
        });
      const before = existing ? { allocatedPence: existing.allocatedPence } : null;
      row.allocatedPence = allocatedPence;
      const saved = await manager.save(row);
      // A change of money like any other: who set the allocation, from what, to what.
      await this.audit.record(manager, caller, {
        entityType: 'DivisionBudget',
        entityId: divisionBudgetId(divisionCode, financialYear),
        organisationId: null,
        action: 'BUDGET_SET',
        before,
        after: { divisionCode, financialYear, allocatedPence },
      });
      return toModel(divisionCode, financialYear, saved);
    });
  }

  /** Commits `pence` against the year's budget, or refuses with CONFLICT when not enough remains. */
  async commit(
    manager: EntityManager,
    divisionCode: string,
    financialYear: number,
    pence: number,
  ): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(DivisionBudgetEntity)
      .set({ committedPence: () => 'committed_pence + :pence' })
      .where('division_code = :divisionCode AND financial_year = :financialYear', {
        divisionCode,
        financialYear,
      })
      .andWhere('allocated_pence - committed_pence - spent_pence >= :pence')
      .setParameter('pence', pence)
      .execute();
    if (result.affected !== 1) {
      throw new BudgetExceededError(
        `Not enough of the ${divisionCode} division's ${financialYear} budget remains for ${pence} pence`,
      );
    }
  }

  /**
   * Where a purchase's `pence` would be committed: the most specific matching funding pot of the
   * division's year that has enough left (settlement.ts `potsInDrawOrder`), else the division's
   * own budget (null). Reads without locking anything: `commitFundingTo` decides, as the
   * purchase's last write, so that the row every purchase of the division needs is held for as
   * short a time as can be.
   */
  async fundingFor(
    manager: EntityManager,
    divisionCode: string,
    financialYear: number,
    purpose: PurchasePurpose,
    pence: number,
  ): Promise<string | null> {
    const pots = await manager
      .createQueryBuilder(FundingPotEntity, 'p')
      .select(['p.id', 'p.needs', 'p.pccAreaCodes', 'p.createdAt'])
      .where('p.division_code = :divisionCode AND p.financial_year = :financialYear', {
        divisionCode,
        financialYear,
      })
      // Only pots that look able to pay: the update in commitFundingTo decides under concurrency.
      .andWhere('p.total_pence - p.committed_pence - p.spent_pence >= :pence', { pence })
      .getMany();
    return potsInDrawOrder(pots, purpose)[0]?.id ?? null;
  }

  /**
   * Commits a purchase's `pence` against the funding `fundingFor` chose: the pot, by a
   * conditional update (never overdrawn), or for null the division's budget (CONFLICT,
   * BUDGET_EXCEEDED, when it cannot cover them). A pot that another purchase emptied since it was
   * chosen throws FundingTakenError: the purchase's transaction is run again from the start
   * (`inTransaction`) and chooses again. The transaction holds one pot's row or the budget's,
   * never both.
   */
  async commitFundingTo(
    manager: EntityManager,
    fundingPotId: string | null,
    divisionCode: string,
    financialYear: number,
    pence: number,
  ): Promise<void> {
    if (fundingPotId === null) {
      await this.commit(manager, divisionCode, financialYear, pence);
      return;
    }
    const result = await manager
      .createQueryBuilder()
      .update(FundingPotEntity)
      .set({ committedPence: () => 'committed_pence + :pence' })
      .where('id = :id', { id: fundingPotId })
      .andWhere('total_pence - committed_pence - spent_pence >= :pence')
      .setParameter('pence', pence)
      .execute();
    if (result.affected !== 1) throw new FundingTakenError();
  }

  /**
   * Applies a settlement's movement to wherever the referral's purchase committed: the funding
   * pot it records, else its division's budget for the year (settlement.ts `fundingSourceOf`).
   */
  async moveFunding(
    manager: EntityManager,
    referral: { divisionCode: string; financialYear: number; fundingPotId: string | null },
    movement: BudgetMovement,
  ): Promise<void> {
    const source = fundingSourceOf(referral);
    if (source.kind === 'BUDGET') {
      await this.move(manager, referral.divisionCode, referral.financialYear, movement);
      return;
    }
    if (movesNothing(movement)) return;
    const result = await manager
      .createQueryBuilder()
      .update(FundingPotEntity)
      .set({
        committedPence: () => 'committed_pence - :uncommitted',
        spentPence: () => 'spent_pence + :spent',
        outcomePaymentsSpentPence: () => 'outcome_payments_spent_pence + :outcomePaymentsSpent',
      })
      .where('id = :id', { id: source.potId })
      .setParameters({
        uncommitted: movement.releasePence + movement.spendPence,
        spent: movement.spendPence,
        outcomePaymentsSpent: movement.outcomePaymentsSpendPence,
      })
      .execute();
    if (result.affected !== 1) throw new FundingPotRowMissingError(source.potId);
  }

  /**
   * Applies a settlement's movement (see settlement.ts) to the year's budget: committed goes down
   * by what is released and spent, spent (and outcome payments spent) up by what is spent. The
   * row must exist (the purchase committed against it): a missing one is a bug and throws.
   */
  async move(
    manager: EntityManager,
    divisionCode: string,
    financialYear: number,
    movement: BudgetMovement,
  ): Promise<void> {
    if (movesNothing(movement)) return;
    const result = await manager
      .createQueryBuilder()
      .update(DivisionBudgetEntity)
      .set({
        committedPence: () => 'committed_pence - :uncommitted',
        spentPence: () => 'spent_pence + :spent',
        outcomePaymentsSpentPence: () => 'outcome_payments_spent_pence + :outcomePaymentsSpent',
      })
      .where('division_code = :divisionCode AND financial_year = :financialYear', {
        divisionCode,
        financialYear,
      })
      .setParameters({
        uncommitted: movement.releasePence + movement.spendPence,
        spent: movement.spendPence,
        outcomePaymentsSpent: movement.outcomePaymentsSpendPence,
      })
      .execute();
    if (result.affected !== 1) throw new BudgetRowMissingError(divisionCode, financialYear);
  }

  private assertInScope(caller: Caller, divisionCode: string): void {
    if (hasRole(caller, Role.ADMIN)) return;
    if (
      hasRole(caller, Role.COMMISSIONER) &&
      (!caller.divisionCode || caller.divisionCode === divisionCode)
    )
      return;
    if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === divisionCode) return;
    throw new ForbiddenError(`The ${divisionCode} budget is outside your division`, 'OUT_OF_SCOPE');
  }
}
