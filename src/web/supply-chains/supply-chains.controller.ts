import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import type { SupplyChainPageQuery, SupplyChainPageQueryVariables } from '../graphql-types';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { pageErrorOf, WebGraphql } from '../web-graphql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The supply-chain manager's view (issue 19): the signed-in supplier's organisation as a prime,
 * its subcontractors, what each delivers, and subcontracts ending soon. Commissioners and admins
 * read any prime's (`?primeId=`). Read-only; see docs/supply-chains.md.
 */
@Controller('supply-chain')
@UseFilters(WebErrorsFilter)
export class SupplyChainsController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get()
  @Roles(Role.SUPPLIER, Role.COMMISSIONER, Role.ADMIN)
  async chain(
    @Req() req: Request,
    @Res() res: Response,
    @Query('primeId') primeId?: string,
    @Query('financialYear') financialYear?: string,
  ) {
    if (primeId !== undefined && !UUID.test(primeId)) throw new PageNotFoundError();
    const year = financialYear && /^\d{4}$/.test(financialYear) ? Number(financialYear) : null;
    const { data, errors } = await this.graphql.run<
      SupplyChainPageQuery,
      SupplyChainPageQueryVariables
    >(req, res, 'SupplyChainPage', { primeId: primeId ?? null, financialYear: year });
    const error = errors?.[0];
    // A commissioner's or admin's page without a prime names none: there is no such page.
    if (error?.extensions?.code === 'BAD_USER_INPUT') throw new PageNotFoundError();
    if (error) throw pageErrorOf(error);
    const supplyChain = data!.supplyChain;
    res.render('pages/supply-chains/chain', {
      pageTitle: `Supply chain: ${supplyChain.prime.name}`,
      chain: supplyChain,
      subcontractors: supplyChain.members.filter((m) => !m.isPrime).length,
    });
  }
}
