import { Injectable } from '@nestjs/common';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { BadUserInputError, FieldError, ForbiddenError } from '../common/errors';
import { ReferenceService } from '../reference/reference.service';

/** Where a report may look, after the caller's own limits are applied. */
export interface AreaScope {
  /** PCC area codes, sorted. */
  areaCodes: string[];
  /** Divisions wholly or partly in scope, sorted. */
  divisionCodes: string[];
  /** Set when the report is limited to one division (asked for, or the caller's own). */
  divisionCode?: string;
}

/**
 * Row scope for the commissioners' reports, in one place: a division commissioner sees only
 * their own division (asking for another is FORBIDDEN), a supplier only their own listings;
 * national commissioners and admins see everything. Unknown codes are BAD_USER_INPUT.
 */
@Injectable()
export class CommissioningPolicy {
  constructor(private readonly reference: ReferenceService) {}

  /** The caller's own division when they are limited to it, else undefined. */
  ownDivision(caller: Caller): string | undefined {
    if (hasRole(caller, Role.ADMIN)) return undefined;
    return hasRole(caller, Role.COMMISSIONER) ? caller.divisionCode : undefined;
  }

  /** The areas a report covers: the filter's areas intersected, within the caller's division. */
  async areas(
    caller: Caller,
    filter: { divisionCode?: string; contractPackageAreaCode?: string; pccAreaCode?: string },
    prefix = 'filter',
  ): Promise<AreaScope> {
    const { divisionByCode, contractPackageAreaByCode, pccAreaByCode, pccAreas } =
      await this.reference.data();
    const errors: FieldError[] = [];
    const sets: string[][] = [];
    const unknown = (field: string, what: string, code: string) =>
      errors.push({
        field: prefix ? `${prefix}.${field}` : field,
        message: `unknown ${what} ${code}`,
      });

    if (filter.divisionCode !== undefined) {
      const division = divisionByCode.get(filter.divisionCode);
      if (division) sets.push(division.pccAreas.map((a) => a.code));
      else unknown('divisionCode', 'division', filter.divisionCode);
    }
    if (filter.contractPackageAreaCode !== undefined) {
      const cpa = contractPackageAreaByCode.get(filter.contractPackageAreaCode);
      if (cpa) sets.push(cpa.pccAreas.map((a) => a.code));
      else
        unknown('contractPackageAreaCode', 'contract package area', filter.contractPackageAreaCode);
    }
    if (filter.pccAreaCode !== undefined) {
      if (pccAreaByCode.has(filter.pccAreaCode)) sets.push([filter.pccAreaCode]);
      else unknown('pccAreaCode', 'PCC area', filter.pccAreaCode);
    }
    if (errors.length > 0) throw new BadUserInputError('The report names an unknown area', errors);

    const own = this.ownDivision(caller);
    if (own !== undefined) {
      const ownAreas = divisionByCode.get(own)?.pccAreas.map((a) => a.code) ?? [];
      const outside = [...sets.flat()].filter((code) => !ownAreas.includes(code));
      if (outside.length > 0 || (filter.divisionCode && filter.divisionCode !== own)) {
        throw new ForbiddenError(`Your reports are limited to division ${own}`, 'OUT_OF_SCOPE');
      }
      sets.push(ownAreas);
    }
    const areaCodes = sets
      .reduce(
        (a, b) => a.filter((code) => b.includes(code)),
        pccAreas.map((a) => a.code),
      )
      .sort();
    const divisionCodes = [
      ...new Set(areaCodes.map((code) => pccAreaByCode.get(code)!.division.code)),
    ].sort();
    return { areaCodes, divisionCodes, divisionCode: filter.divisionCode ?? own };
  }

  /** The provider a supplier is limited to (asking for another is FORBIDDEN), else the filter's. */
  provider(caller: Caller, providerId: string | undefined): string | undefined {
    if (hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) return providerId;
    if (!caller.organisationId)
      throw new ForbiddenError('Your token names no organisation', 'TOKEN_HAS_NO_ORGANISATION');
    if (providerId !== undefined && providerId !== caller.organisationId) {
      throw new ForbiddenError(
        'Suppliers see the usage of their own listings only',
        'OUT_OF_SCOPE',
      );
    }
    return caller.organisationId;
  }
}
