import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { formErrorsOf } from '../api-refusals';
import { CsrfGuard } from '../csrf.guard';
import type {
  ApplicationPageQuery,
  ApplicationPageQueryVariables,
  ApplicationsQueueQuery,
  ApplicationsQueueQueryVariables,
  ApplicationStatus,
  ApproveApplicationMutationVariables,
  RejectApplicationMutationVariables,
  RequestApplicationChangesMutationVariables,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';
import { declarationRows } from './application-form';
import { uuid } from './join.controller';

const STATUSES: readonly ApplicationStatus[] = [
  'SUBMITTED',
  'CHANGES_REQUESTED',
  'APPROVED',
  'REJECTED',
];

/** A decision's variables besides the application's id. */
type Decision =
  | Omit<ApproveApplicationMutationVariables, 'id'>
  | Omit<RequestApplicationChangesMutationVariables, 'id'>
  | Omit<RejectApplicationMutationVariables, 'id'>;

/** Commissioners and admins: the applications to join, and their decision on each. */
@Controller('applications')
@UseFilters(WebErrorsFilter)
export class ApplicationsController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get()
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async queue(
    @Req() req: Request,
    @Res() res: Response,
    @Query('status') status?: string,
    @Query('after') after?: string,
  ) {
    const shown = STATUSES.find((s) => s === status) ?? 'SUBMITTED';
    const data = await this.graphql.read<ApplicationsQueueQuery, ApplicationsQueueQueryVariables>(
      req,
      res,
      'ApplicationsQueue',
      { status: shown, after: after || null },
    );
    const page = data.frameworkApplications;
    res.render('pages/framework/queue', {
      pageTitle: 'Applications to join',
      csrfToken: formToken(req),
      status: shown,
      statuses: STATUSES,
      applications: page,
      nextPage: page.pageInfo.hasNextPage
        ? `/applications?status=${shown}&after=${encodeURIComponent(page.pageInfo.endCursor ?? '')}`
        : undefined,
    });
  }

  @Get(':id')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async application(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.render(req, res, id, {}, []);
  }

  @Post(':id/approve')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @UseGuards(CsrfGuard)
  async approve(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.decide(req, res, id, 'ApproveApplication', {}, 'decision');
  }

  @Post(':id/request-changes')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @UseGuards(CsrfGuard)
  async requestChanges(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Body('note') note?: string,
  ) {
    await this.decide(req, res, id, 'RequestApplicationChanges', { note: note ?? '' }, 'note');
  }

  @Post(':id/reject')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @UseGuards(CsrfGuard)
  async reject(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Body('reason') reason?: string,
  ) {
    await this.decide(req, res, id, 'RejectApplication', { reason: reason ?? '' }, 'reason');
  }

  private async decide(
    req: Request,
    res: Response,
    id: string,
    operation: 'ApproveApplication' | 'RequestApplicationChanges' | 'RejectApplication',
    variables: Decision,
    field: string,
  ) {
    const answer = await this.graphql.run(req, res, operation, { id, ...variables });
    const refusal = answer.errors?.[0];
    if (refusal) {
      const errors = formErrorsOf(refusal, field, () => field);
      return this.render(req, res, id, variables, errors);
    }
    res.redirect(303, `/applications/${id}`);
  }

  private async render(
    req: Request,
    res: Response,
    id: string,
    form: Record<string, string>,
    errors: FieldMessage[],
  ) {
    const data = await this.graphql.read<ApplicationPageQuery, ApplicationPageQueryVariables>(
      req,
      res,
      'ApplicationPage',
      { id },
    );
    const application = data.frameworkApplication;
    if (!application) throw new PageNotFoundError();
    res.status(errors.length > 0 ? 400 : 200).render('pages/framework/decide', {
      pageTitle: `Application from ${application.organisation.name}`,
      csrfToken: formToken(req),
      application,
      factorNames: Object.fromEntries(data.factors.map((f) => [f.code, f.name])),
      areaNames: Object.fromEntries(data.pccAreas.map((a) => [a.code, a.name])),
      declarationRows: declarationRows(application.declarations),
      form,
      errors,
    });
  }
}
