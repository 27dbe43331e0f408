import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignedIn } from '../../auth/roles.decorator';
import { APPLICANT_KINDS } from '../../framework/framework.inputs';
import { formErrorsOf } from '../api-refusals';
import { CsrfGuard } from '../csrf.guard';
import type {
  AmendApplicationMutation,
  AmendApplicationMutationVariables,
  ApplicationPageQuery,
  ApplicationPageQueryVariables,
  ApplyToJoinMutation,
  ApplyToJoinMutationVariables,
  JoinChoicesQuery,
  JoinPageQuery,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { WebGraphql } from '../web-graphql';
import { randomToken } from '../web-setup';
import { formToken } from '../web-session';
import {
  answersFromApplication,
  ApplicationAnswers,
  applicationInput,
  declarationAnswers,
  declarationRows,
  DECLARATIONS,
  emptyAnswers,
  isoDate,
  organisationAnswers,
  QUESTION_PAGES,
  questionErrors,
  reachAnswers,
} from './application-form';

declare module 'express-session' {
  interface SessionData {
    /** An application being written, question page by question page. */
    joinAnswers?: ApplicationAnswers;
    /** The API's refusal of the answers, each message placed on its question page. */
    joinErrors?: ReturnType<typeof questionErrors>;
    /** The key the check answers form carries: one submission, however often it is sent. */
    joinKey?: string;
  }
}

export const uuid = new ParseUUIDPipe({ exceptionFactory: () => new PageNotFoundError() });

/**
 * Applying to join the framework as a supplier: question pages (the organisation, its reach, its
 * declarations), check answers, confirmation, and the application's status page. The answers
 * wait in the session; the API checks them all when they are sent and its refusals go back to
 * the question that asked.
 */
@Controller('join')
@UseFilters(WebErrorsFilter)
export class JoinController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get()
  @SignedIn()
  async start(@Req() req: Request, @Res() res: Response) {
    const data = await this.graphql.read<JoinPageQuery>(req, res, 'JoinPage');
    res.render('pages/framework/start', {
      pageTitle: 'Apply to join the framework',
      csrfToken: formToken(req),
      applications: data.myApplications,
      actsForOrganisation: Boolean(data.me.organisationId),
      open: data.myApplications.some(
        (a) => a.status === 'SUBMITTED' || a.status === 'CHANGES_REQUESTED',
      ),
    });
  }

  @Get('organisation')
  @SignedIn()
  organisationPage(@Req() req: Request, @Res() res: Response) {
    this.question(req, res, 'organisation', {
      kinds: APPLICANT_KINDS,
    });
  }

  @Post('organisation')
  @SignedIn()
  @UseGuards(CsrfGuard)
  organisation(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>) {
    const answers = organisationAnswers(this.answers(req), form);
    req.session.joinAnswers = answers;
    if (!answers.kind) {
      return this.question(req, res, 'organisation', { kinds: APPLICANT_KINDS }, [
        { field: 'kind', message: 'Select what kind of organisation it is' },
      ]);
    }
    this.answered(req, 'organisation');
    res.redirect(303, this.next(req, QUESTION_PAGES.reach));
  }

  @Get('reach')
  @SignedIn()
  async reachPage(@Req() req: Request, @Res() res: Response) {
    const choices = await this.graphql.read<JoinChoicesQuery>(req, res, 'JoinChoices');
    this.question(req, res, 'reach', { ...choices });
  }

  @Post('reach')
  @SignedIn()
  @UseGuards(CsrfGuard)
  reach(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>) {
    req.session.joinAnswers = reachAnswers(this.answers(req), form);
    this.answered(req, 'reach');
    res.redirect(303, this.next(req, QUESTION_PAGES.declarations));
  }

  @Get('declarations')
  @SignedIn()
  declarationsPage(@Req() req: Request, @Res() res: Response) {
    this.question(req, res, 'declarations', { declarations: DECLARATIONS });
  }

  @Post('declarations')
  @SignedIn()
  @UseGuards(CsrfGuard)
  declarations(@Req() req: Request, @Res() res: Response, @Body() form: Record<string, unknown>) {
    const answers = declarationAnswers(this.answers(req), form);
    req.session.joinAnswers = answers;
    const unanswered = DECLARATIONS.filter((d) => !answers.declarations[d.field].held).map((d) => ({
      field: `${d.field}-held`,
      message: `Select whether the organisation has ${d.question.toLowerCase()}`,
    }));
    if (unanswered.length > 0) {
      return this.question(req, res, 'declarations', { declarations: DECLARATIONS }, unanswered);
    }
    this.answered(req, 'declarations');
    res.redirect(303, '/join/check');
  }

  @Get('check')
  @SignedIn()
  async checkPage(@Req() req: Request, @Res() res: Response) {
    await this.renderCheck(req, res, []);
  }

  @Post('check')
  @SignedIn()
  @UseGuards(CsrfGuard)
  async send(@Req() req: Request, @Res() res: Response, @Body('key') key?: string) {
    const answers = req.session.joinAnswers;
    // Sent already (a second click, or the form sent again): show what the first one made.
    if (!answers || !key || key !== req.session.joinKey) return res.redirect(303, '/join');
    if (!answers.kind) {
      // The organisation page asks again when it is missing, but keeps the answers, so check
      // answers can be reached without it: the API could only refuse a null kind as an invalid
      // variable, so the page asks for it, linked to its question.
      const errors = [
        { field: 'input.organisation.kind', message: 'Select what kind of organisation it is' },
      ];
      req.session.joinErrors = questionErrors(errors);
      return this.renderCheck(req, res, errors);
    }
    const input = applicationInput(answers);
    const answer = answers.amending
      ? await this.graphql
          .run<AmendApplicationMutation, AmendApplicationMutationVariables>(
            req,
            res,
            'AmendApplication',
            { id: answers.amending, input },
          )
          .then(({ data, errors }) => ({ id: data?.amendApplication.id, errors }))
      : await this.graphql
          .run<ApplyToJoinMutation, ApplyToJoinMutationVariables>(req, res, 'ApplyToJoin', {
            input,
          })
          .then(({ data, errors }) => ({ id: data?.applyToJoin.id, errors }));
    const refusal = answer.errors?.[0];
    if (refusal) {
      const errors = formErrorsOf(refusal, 'input.organisation.name');
      req.session.joinErrors = questionErrors(errors);
      return this.renderCheck(req, res, errors);
    }
    const id = answer.id;
    if (!id) throw new Error('The application answered no data');
    delete req.session.joinAnswers;
    delete req.session.joinErrors;
    delete req.session.joinKey;
    res.redirect(303, `/join/applications/${id}?sent=yes`);
  }

  @Get('applications/:id')
  @SignedIn()
  async application(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('sent') sent?: string,
  ) {
    const data = await this.applicationPage(req, res, id);
    res.render('pages/framework/application', {
      pageTitle: sent === 'yes' ? 'Application sent' : 'Your application',
      csrfToken: formToken(req),
      application: data.frameworkApplication,
      ...names(data),
      sent: sent === 'yes',
      declarationRows: declarationRows(data.frameworkApplication.declarations),
    });
  }

  /** Starts amending an application sent back for changes: its answers, to check and change. */
  @Post('applications/:id/amend')
  @SignedIn()
  @UseGuards(CsrfGuard)
  async amend(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    const data = await this.applicationPage(req, res, id);
    req.session.joinAnswers = answersFromApplication(data.frameworkApplication);
    req.session.joinErrors = [];
    res.redirect(303, '/join/check');
  }

  /** The application's page data; an unknown application is the 404 page. */
  private async applicationPage(req: Request, res: Response, id: string) {
    const data = await this.graphql.read<ApplicationPageQuery, ApplicationPageQueryVariables>(
      req,
      res,
      'ApplicationPage',
      { id },
    );
    const frameworkApplication = data.frameworkApplication;
    if (!frameworkApplication) throw new PageNotFoundError();
    return { ...data, frameworkApplication };
  }

  private answers(req: Request): ApplicationAnswers {
    return req.session.joinAnswers ?? emptyAnswers();
  }

  /** Where to go after a question: back to check answers when changing one answer. */
  private next(req: Request, page: string): string {
    return req.query.change === 'yes' ? '/join/check' : page;
  }

  /** The page's questions are answered again: the API's earlier refusal of them no longer holds. */
  private answered(req: Request, page: keyof typeof QUESTION_PAGES) {
    req.session.joinErrors = (req.session.joinErrors ?? []).filter((e) => e.page !== page);
  }

  private question(
    req: Request,
    res: Response,
    page: keyof typeof QUESTION_PAGES,
    locals: Record<string, unknown>,
    errors?: FieldMessage[],
  ) {
    const shown = errors ?? (req.session.joinErrors ?? []).filter((e) => e.page === page);
    res.status(errors?.length ? 400 : 200).render(`pages/framework/${page}`, {
      pageTitle: TITLES[page],
      csrfToken: formToken(req),
      answers: this.answers(req),
      change: req.query.change === 'yes',
      errors: shown,
      ...locals,
    });
  }

  private async renderCheck(req: Request, res: Response, errors: FieldMessage[]) {
    const answers = req.session.joinAnswers;
    if (!answers) return res.redirect(303, QUESTION_PAGES.organisation);
    const choices = await this.graphql.read<JoinChoicesQuery>(req, res, 'JoinChoices');
    req.session.joinKey = randomToken();
    res.status(errors.length > 0 ? 400 : 200).render('pages/framework/check', {
      pageTitle: 'Check your answers before sending your application',
      csrfToken: formToken(req),
      key: req.session.joinKey,
      answers,
      ...names(choices),
      declarations: DECLARATIONS,
      // Each expiry as a Date for the page to write out ("31 March 2027"), when it reads as one.
      expiryDates: Object.fromEntries(
        DECLARATIONS.map((d) => [d.field, isoDate(answers.declarations[d.field].expiresOn)]),
      ),
      errors: req.session.joinErrors ?? [],
    });
  }
}

const TITLES: Record<keyof typeof QUESTION_PAGES, string> = {
  organisation: 'About your organisation',
  reach: 'What your organisation will offer, and where',
  declarations: 'Your organisation’s declarations',
};

/** Factor and area names by code, for pages that show codes. */
function names(choices: JoinChoicesQuery) {
  return {
    factorNames: Object.fromEntries(choices.factors.map((f) => [f.code, f.name])),
    areaNames: Object.fromEntries(choices.pccAreas.map((a) => [a.code, a.name])),
  };
}
