import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { BadUserInputError } from '../common/errors';
import { HttpErrorsFilter } from '../common/http-errors.filter';
import { CrnArgs } from './privacy.inputs';
import { SubjectAccessService } from './subject-access.service';

/**
 * The subject access export as a file for the HMPPS subject access request service:
 * `GET /admin/subject-access/<crn>.json` with an ADMIN bearer token; 204 when nothing is held.
 */
@Controller('admin/subject-access')
@UseFilters(HttpErrorsFilter)
export class PrivacyController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Get(':crn.json')
  @Roles(Role.ADMIN)
  async export(
    @CurrentCaller() caller: Caller,
    @Param('crn') crn: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const args = plainToInstance(CrnArgs, { crn });
    const problems = validateSync(args);
    if (problems.length > 0) {
      throw new BadUserInputError('The CRN is not valid', [
        { field: 'crn', message: Object.values(problems[0].constraints ?? {})[0] ?? 'crn' },
      ]);
    }
    const result = await this.subjectAccess.export(caller, args.crn, request);
    if (result.content.referrals.length === 0) {
      response.status(204).end();
      return;
    }
    response
      .status(200)
      .setHeader('cache-control', 'no-store')
      .type('application/json')
      .send(JSON.stringify(result));
  }
}
