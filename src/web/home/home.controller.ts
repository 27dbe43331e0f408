import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignedIn } from '../../auth/roles.decorator';
import { WebGraphql } from '../web-graphql';
import { WebErrorsFilter } from '../web-errors.filter';
import { formToken } from '../web-session';

interface HomeData {
  me: { id: string; name: string; roles: string[]; organisationId?: string; divisionCode?: string };
}

/** The start of every journey: what the signed-in user can do here. */
@Controller()
@UseFilters(WebErrorsFilter)
export class HomeController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get()
  @SignedIn()
  async home(@Req() req: Request, @Res() res: Response) {
    const { me } = await this.graphql.read<HomeData>(req, res, 'HomePage');
    res.render('pages/home/home', {
      pageTitle: 'Home',
      me,
      csrfToken: formToken(req),
      is: (role: string) => me.roles.includes(role),
    });
  }
}
