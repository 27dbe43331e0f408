import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { signDevelopmentToken } from '../../auth/dev-token';
import { Public, SignedIn } from '../../auth/roles.decorator';
import { CatalogueService } from '../../catalogue/catalogue.service';
import { AppConfig } from '../../config/app-config';
import { ReferenceService } from '../../reference/reference.service';
import { CsrfGuard } from '../csrf.guard';
import { DevelopmentOnlyGuard } from '../development-only.guard';
import { safeReturnPath, WebErrorsFilter } from '../web-errors.filter';
import { csrf, signIn, signOut } from '../web-session';
import { demoIdentity, DemoUserOptions } from './demo-users';

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
  constructor(
    private readonly config: AppConfig,
    private readonly reference: ReferenceService,
    private readonly catalogue: CatalogueService,
  ) {}

  @Get('sign-in')
  @Public()
  @UseGuards(DevelopmentOnlyGuard)
  async page(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo?: string) {
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
    const token = await signDevelopmentToken(this.config, result.identity, '8h');
    await signIn(req, token, { ...result.identity, organisationName: result.organisationName });
    res.redirect(303, safeReturnPath(form.returnTo) ?? '/');
  }

  @Post('sign-out')
  @SignedIn()
  @UseGuards(CsrfGuard)
  async signOut(@Req() req: Request, @Res() res: Response) {
    await signOut(req);
    res.clearCookie('marketplace.sid');
    res.redirect(303, '/sign-in');
  }

  private async options(): Promise<DemoUserOptions> {
    const [divisions, organisations] = await Promise.all([
      this.reference.divisions(),
      this.catalogue.organisations(),
    ]);
    return {
      divisions: divisions.map((d) => ({ code: d.code, name: d.name })),
      organisations: organisations
        .map((o) => ({ id: o.id, name: o.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
