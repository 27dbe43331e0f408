import { Body, Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../../auth/role';
import { AnyRole, Public, Roles } from '../../auth/roles.decorator';
import { EmailsService } from '../../notifications/emails.service';
import { formErrorsOf } from '../api-refusals';
import { CsrfGuard } from '../csrf.guard';
import { DevelopmentOnlyGuard } from '../development-only.guard';
import type {
  EmailPreferencesPageQuery,
  OrganisationEmailPageQuery,
  OrganisationEmailPageQueryVariables,
  SetEmailPreferenceMutation,
  SetEmailPreferenceMutationVariables,
  SetOrganisationEmailMutation,
  SetOrganisationEmailMutationVariables,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { WebErrorsFilter } from '../web-errors.filter';
import { WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';

interface PreferencesForm {
  /** The optional kinds ticked (on). */
  kinds?: string | string[];
}

interface OrganisationForm {
  email?: string;
}

/**
 * Emails: each person's choice of the optional ones (and, for suppliers, their organisation's
 * address), and in development the local mailbox standing in for GOV.UK Notify.
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class EmailsController {
  constructor(
    private readonly graphql: WebGraphql,
    private readonly emails: EmailsService,
  ) {}

  /** The emails "sent" while NOTIFY_API_KEY is unset, newest first (development only). */
  @Get('dev/mailbox')
  @Public()
  @UseGuards(DevelopmentOnlyGuard)
  async mailbox(@Res() res: Response) {
    res.render('pages/emails/mailbox', {
      pageTitle: 'Mailbox (development)',
      messages: await this.emails.mailbox(100),
    });
  }

  @Get('account/emails')
  @AnyRole()
  async preferences(@Req() req: Request, @Res() res: Response) {
    await this.render(req, res, []);
  }

  @Post('account/emails')
  @AnyRole()
  @UseGuards(CsrfGuard)
  async savePreferences(@Req() req: Request, @Res() res: Response, @Body() form: PreferencesForm) {
    const ticked = new Set([form.kinds ?? []].flat());
    const { emailPreferences } = await this.graphql.read<EmailPreferencesPageQuery>(
      req,
      res,
      'EmailPreferencesPage',
    );
    for (const kind of emailPreferences.kinds) {
      if (!kind.optional || ticked.has(kind.kind) === kind.enabled) continue;
      await this.graphql.read<SetEmailPreferenceMutation, SetEmailPreferenceMutationVariables>(
        req,
        res,
        'SetEmailPreference',
        { kind: kind.kind, enabled: ticked.has(kind.kind) },
      );
    }
    res.redirect(303, '/account/emails?saved=yes');
  }

  @Post('account/emails/organisation')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async saveOrganisation(
    @Req() req: Request,
    @Res() res: Response,
    @Body() form: OrganisationForm,
  ) {
    const organisationId = req.session.user?.organisationId;
    if (!organisationId) return res.redirect(303, '/account/emails');
    const answer = await this.graphql.run<
      SetOrganisationEmailMutation,
      SetOrganisationEmailMutationVariables
    >(req, res, 'SetOrganisationEmail', {
      organisationId,
      email: form.email?.trim() || null,
    });
    const refusal = answer.errors?.[0];
    if (refusal) return this.render(req, res, formErrorsOf(refusal, 'email'), form.email);
    res.redirect(303, '/account/emails?saved=yes');
  }

  private async render(
    req: Request,
    res: Response,
    errors: FieldMessage[],
    organisationEmail?: string,
  ) {
    const { emailPreferences } = await this.graphql.read<EmailPreferencesPageQuery>(
      req,
      res,
      'EmailPreferencesPage',
    );
    const organisationId = req.session.user?.organisationId;
    const organisation =
      organisationId && req.session.user?.roles.includes(Role.SUPPLIER)
        ? (
            await this.graphql.read<
              OrganisationEmailPageQuery,
              OrganisationEmailPageQueryVariables
            >(req, res, 'OrganisationEmailPage', { organisationId })
          ).organisationEmail
        : undefined;
    const kinds = emailPreferences.kinds;
    res.status(errors.length > 0 ? 400 : 200).render('pages/emails/preferences', {
      pageTitle: 'Emails',
      csrfToken: formToken(req),
      errors,
      saved: req.query.saved === 'yes' && errors.length === 0,
      email: emailPreferences.email,
      optional: kinds
        .filter((k) => k.optional)
        .map((k) => ({ value: k.kind, text: k.description, checked: k.enabled })),
      required: kinds.filter((k) => !k.optional),
      organisation,
      organisationEmail: organisationEmail ?? organisation?.email ?? '',
    });
  }
}
