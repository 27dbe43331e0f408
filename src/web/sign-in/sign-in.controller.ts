import {
  Body,
  Controller,
  Get,
  Logger,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { signDevelopmentToken } from '../../auth/dev-token';
import { Caller } from '../../auth/caller';
import { Public, SignedIn } from '../../auth/roles.decorator';
import { TokenVerifier } from '../../auth/token-verifier';
import { OrganisationsService } from '../../catalogue/organisations.service';
import { allNodes } from '../../common/paging';
import { AppConfig } from '../../config/app-config';
import { ReferenceService } from '../../reference/reference.service';
import { CsrfGuard } from '../csrf.guard';
import { DevelopmentOnlyGuard } from '../development-only.guard';
import { PageNotFoundError } from '../web-errors';
import { safeReturnPath, WebErrorsFilter } from '../web-errors.filter';
import { csrf, signIn, signOut } from '../web-session';
import { demoIdentity, DemoUserOptions } from './demo-users';
import { OidcSignIn } from './oidc-sign-in';

interface SignInForm {
  kind?: string;
  divisionCode?: string;
  organisationId?: string;
  returnTo?: string;
}

/**
 * Signing in and out. In development a page to pick a demo user, whose token is signed as
 * `npm run token` signs it; the page does not exist in any other mode.
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class SignInController {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly config: AppConfig,
    private readonly reference: ReferenceService,
    private readonly organisations: OrganisationsService,
    private readonly oidc: OidcSignIn,
    private readonly verifier: TokenVerifier,
  ) {}

  /**
   * Signing in: with an identity provider configured, off to it (OpenID Connect); otherwise, in
   * development only, the page to pick a demo user; in any other mode there is no such page.
   */
  @Get('sign-in')
  @Public()
  async page(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo?: string) {
    if (this.oidc.enabled) {
      // Just signed out: stay out (the provider would sign them straight back in).
      if (req.query.signedOut === 'yes') {
        return res.render('pages/sign-in/signed-out', { pageTitle: 'You have signed out' });
      }
      const { attempt, url } = await this.oidc.start(safeReturnPath(returnTo));
      req.session.oidc = attempt;
      return res.redirect(303, url);
    }
    if (!this.config.isDevelopment) throw new PageNotFoundError();
    res.render('pages/sign-in/demo', {
      ...(await this.options()),
      csrfToken: csrf.generateToken(req),
      returnTo: safeReturnPath(returnTo),
      form: {},
    });
  }

  @Post('sign-in')
  @Public()
  @UseGuards(DevelopmentOnlyGuard, CsrfGuard)
  async signIn(@Req() req: Request, @Res() res: Response, @Body() form: SignInForm) {
    const options = await this.options();
    const result = demoIdentity(
      {
        kind: form.kind,
        divisionCode: form.divisionCode,
        organisationId: form.organisationId,
      },
      options,
    );
    if ('errors' in result) {
      res.status(400).render('pages/sign-in/demo', {
        ...options,
        csrfToken: csrf.generateToken(req),
        returnTo: safeReturnPath(form.returnTo),
        form,
        errors: result.errors,
      });
      return;
    }
    // Demo users have an address, so that what they would be emailed shows at /dev/mailbox.
    const token = await signDevelopmentToken(
      this.config,
      { ...result.identity, email: `${result.identity.sub}@demo.marketplace.example` },
      '8h',
    );
    await signIn(req, token, { ...result.identity, organisationName: result.organisationName });
    res.redirect(303, safeReturnPath(form.returnTo) ?? '/');
  }

  /** Back from the identity provider: the code exchanged (state, nonce and PKCE checked). */
  @Get('sign-in/callback')
  @Public()
  async callback(@Req() req: Request, @Res() res: Response) {
    if (!this.oidc.enabled) throw new PageNotFoundError();
    const attempt = req.session.oidc;
    delete req.session.oidc;
    let caller: Caller;
    let idToken: string;
    try {
      if (!attempt) throw new Error('No sign-in was started in this session');
      const query = req.originalUrl.includes('?') ? req.originalUrl.split('?')[1] : '';
      idToken = await this.oidc.finish(attempt, query);
      // The API's own verifier: the same checks and claims as for any bearer token.
      caller = await this.verifier.verify(idToken);
    } catch (error) {
      this.logger.warn(
        `Sign-in with the identity provider refused: ${error instanceof Error ? error.message : String(error)}`,
      );
      return res
        .status(400)
        .render('pages/sign-in/failed', { pageTitle: 'You could not be signed in' });
    }
    const organisationName = caller.organisationId
      ? await this.organisations
          .organisation(caller.organisationId)
          .then((o) => o.name)
          .catch(() => undefined)
      : undefined;
    await signIn(req, idToken, {
      sub: caller.id,
      name: caller.name,
      roles: caller.roles,
      organisationId: caller.organisationId,
      divisionCode: caller.divisionCode,
      organisationName,
    });
    res.redirect(303, attempt.returnTo ?? '/');
  }

  @Post('sign-out')
  @SignedIn()
  @UseGuards(CsrfGuard)
  async signOut(@Req() req: Request, @Res() res: Response) {
    await signOut(req);
    res.clearCookie('marketplace.sid');
    res.redirect(303, this.oidc.enabled ? '/sign-in?signedOut=yes' : '/sign-in');
  }

  private async options(): Promise<DemoUserOptions> {
    const [divisions, organisations] = await Promise.all([
      this.reference.divisions(),
      allNodes((after) => this.organisations.organisations({ first: 100, after })),
    ]);
    return {
      divisions: divisions.map((d) => ({ code: d.code, name: d.name })),
      organisations: organisations
        .map((o) => ({ id: o.id, name: o.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
