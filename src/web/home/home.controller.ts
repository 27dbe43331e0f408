import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignedIn } from '../../auth/roles.decorator';
import type { HomePageQuery, Role } from '../graphql-types';
import { WebGraphql } from '../web-graphql';
import { WebErrorsFilter } from '../web-errors.filter';
import { formToken } from '../web-session';

/** The start of every journey: what the signed-in user can do here. */
@Controller()
@UseFilters(WebErrorsFilter)
export class HomeController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get()
  @SignedIn()
  async home(@Req() req: Request, @Res() res: Response) {
    const { me } = await this.graphql.read<HomePageQuery>(req, res, 'HomePage');
    res.render('pages/home/home', {
      pageTitle: 'Home',
      me,
      csrfToken: formToken(req),
      is: (role: Role) => me.roles.includes(role),
    });
  }
}
