import {
  Body,
  Controller,
  Get,
  Param,
  Post,
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
  DeclarationsPageQuery,
  DeclarationsPageQueryVariables,
  MyOrganisationQuery,
  RenewDeclarationMutation,
  RenewDeclarationMutationVariables,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';
import { DateParts, dateParts, declarationRows, DECLARATIONS, isoDate } from './application-form';

/** The organisation's declarations with their expiry, and renewing one. */
@Controller('organisation/declarations')
@UseFilters(WebErrorsFilter)
export class DeclarationsController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get()
  @Roles(Role.SUPPLIER)
  async list(@Req() req: Request, @Res() res: Response) {
    const { organisation } = await this.organisation(req, res);
    res.render('pages/framework/declarations-list', {
      pageTitle: 'Your organisation’s declarations',
      csrfToken: formToken(req),
      organisation,
      rows: declarationRows(organisation.declarations),
      renewed: req.query.renewed,
    });
  }

  @Get(':kind')
  @Roles(Role.SUPPLIER)
  async renewPage(@Req() req: Request, @Res() res: Response, @Param('kind') kind: string) {
    const { organisation } = await this.organisation(req, res);
    const question = questionFor(kind);
    const current = organisation.declarations.find((d) => d.kind === question.kind);
    this.renderForm(
      req,
      res,
      question,
      {
        held: current ? (current.held ? 'yes' : 'no') : undefined,
        expiresOn: dateParts(current?.expiresOn),
      },
      [],
    );
  }

  @Post(':kind')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async renew(
    @Req() req: Request,
    @Res() res: Response,
    @Param('kind') kind: string,
    @Body() body: Record<string, string | undefined>,
  ) {
    const question = questionFor(kind);
    const form = {
      held: body.held === 'yes' || body.held === 'no' ? body.held : undefined,
      expiresOn: {
        day: (body['expiresOn-day'] ?? '').trim(),
        month: (body['expiresOn-month'] ?? '').trim(),
        year: (body['expiresOn-year'] ?? '').trim(),
      },
    };
    if (!form.held) {
      return this.renderForm(req, res, question, form, [
        {
          field: 'held',
          message: `Select whether the organisation has ${question.question.toLowerCase()}`,
        },
      ]);
    }
    const { organisation } = await this.organisation(req, res);
    const answer = await this.graphql.run<
      RenewDeclarationMutation,
      RenewDeclarationMutationVariables
    >(req, res, 'RenewDeclaration', {
      organisationId: organisation.id,
      kind: question.kind,
      declaration: { held: form.held === 'yes', expiresOn: isoDate(form.expiresOn) ?? null },
    });
    const refusal = answer.errors?.[0];
    if (refusal) {
      const errors = formErrorsOf(refusal, 'held', (path) =>
        path.endsWith('expiresOn') ? 'expiresOn-day' : 'held',
      );
      return this.renderForm(req, res, question, form, errors);
    }
    res.redirect(303, `/organisation/declarations?renewed=${question.kind}`);
  }

  /** The signed-in supplier's organisation; none (or one not found) is the 404 page. */
  private async organisation(req: Request, res: Response) {
    const { me } = await this.graphql.read<MyOrganisationQuery>(req, res, 'MyOrganisation');
    if (!me.organisationId) throw new PageNotFoundError();
    const { organisation } = await this.graphql.read<
      DeclarationsPageQuery,
      DeclarationsPageQueryVariables
    >(req, res, 'DeclarationsPage', { organisationId: me.organisationId });
    if (!organisation) throw new PageNotFoundError();
    return { organisation };
  }

  private renderForm(
    req: Request,
    res: Response,
    question: (typeof DECLARATIONS)[number],
    form: { held?: string; expiresOn: DateParts },
    errors: FieldMessage[],
  ) {
    res.status(errors.length > 0 ? 400 : 200).render('pages/framework/renew', {
      pageTitle: `Renew: ${question.question}`,
      csrfToken: formToken(req),
      question,
      form,
      errors,
    });
  }
}

/** The declaration a page address names (`safeguarding-policy`), or a 404 page. */
function questionFor(slug: string): (typeof DECLARATIONS)[number] {
  const question = DECLARATIONS.find((d) => d.kind.toLowerCase().replace(/_/g, '-') === slug);
  if (!question) throw new PageNotFoundError();
  return question;
}
