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
import type { GraphQLFormattedError } from 'graphql';
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { WITHDRAWAL_REASON_TEXT } from '../../referrals/referral-codes';
import { CsrfGuard } from '../csrf.guard';
import type {
  AddCaseNoteMutation,
  AddCaseNoteMutationVariables,
  AmendOutcomeMutationVariables,
  MyReferralsQuery,
  MyReferralsQueryVariables,
  RecordOutcomeMutation,
  RecordOutcomeMutationVariables,
  ReferralHeadingQuery,
  ReferralHeadingQueryVariables,
  ReferralPageQuery,
  ReferralPageQueryVariables,
  WithdrawalReason,
  WithdrawReferralMutation,
  WithdrawReferralMutationVariables,
} from '../graphql-types';
import { referralFilter } from '../referral-filter';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { pageErrorOf, WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';
import {
  factorField,
  CONTRIBUTION_OPTIONS,
  JUDGEMENT_OPTIONS,
  OUTCOME_LEVEL_JUDGEMENTS,
  outcomeFieldOf,
  outcomeValues,
  readOutcomeForm,
} from './outcome-form';
import { fieldErrorsOf, refusalInWords } from './refusal-words';

/** The work queue's tabs: which referrals each holds (the API filters). */
export const TABS = [
  { id: 'waiting', text: 'Waiting for the provider', filter: { statuses: ['SUBMITTED'] } },
  { id: 'in-progress', text: 'In progress', filter: { statuses: ['ACCEPTED', 'STARTED'] } },
  { id: 'report-due', text: 'Report due', filter: { endOfServiceReportDue: true } },
  {
    id: 'finished',
    text: 'Finished',
    filter: {
      statuses: ['COMPLETED', 'ENDED_EARLY', 'DECLINED', 'CANCELLED'],
      endOfServiceReportDue: false,
    },
  },
] as const;

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new PageNotFoundError() });

/** A referral's heading (for its forms), the referral known to be there. */
interface HeadingData {
  factors: ReferralHeadingQuery['factors'];
  referral: NonNullable<ReferralHeadingQuery['referral']>;
}

/** What a purchaser may still do with a referral, by status (the API has the last word). */
const WITHDRAWABLE: readonly string[] = ['SUBMITTED', 'ACCEPTED', 'STARTED'];
const FINISHED: readonly string[] = ['COMPLETED', 'ENDED_EARLY'];

const DONE_MESSAGES: Record<string, string> = {
  withdrawn: 'Referral withdrawn',
  outcome: 'Outcome recorded',
  amended: 'Outcome amended',
  note: 'Case note added',
};

/**
 * My referrals (the division's work queue, in tabs) and one referral's page: its timeline,
 * sessions, action plan, end-of-service report and case notes; withdraw it, record or amend its
 * outcome, add a case note.
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class ReferralsController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get('referrals')
  @Roles(Role.PURCHASER)
  async list(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const tab = TABS.find((t) => t.id === query.tab) ?? TABS[0];
    const crn = typeof query.crn === 'string' ? query.crn.trim().toUpperCase() : '';
    const after = typeof query.after === 'string' && query.after !== '' ? query.after : undefined;
    const answer = await this.graphql.run<MyReferralsQuery, MyReferralsQueryVariables>(
      req,
      res,
      'MyReferrals',
      {
        filter: referralFilter(tab.filter, crn),
        first: PAGE_SIZE,
        after,
      },
    );
    const refusal = answer.errors?.[0];
    const errors: FieldMessage[] = [];
    if (refusal?.extensions?.code === 'BAD_USER_INPUT') {
      const fieldErrors = fieldErrorsOf(refusal);
      if (fieldErrors.some((e) => e.field.endsWith('crn')))
        errors.push({
          field: 'crn',
          message: 'Enter a CRN like X123456 (a letter and six digits)',
        });
      else if (after) {
        res.redirect(303, listLink(tab.id, crn));
        return;
      } else throw pageErrorOf(refusal);
    } else if (refusal) throw pageErrorOf(refusal);
    const data = answer.data;
    const factorNames = new Map<string, string>((data?.factors ?? []).map((f) => [f.code, f.name]));
    res.status(errors.length > 0 ? 400 : 200).render('pages/referrals/list', {
      pageTitle: `My referrals: ${tab.text.toLowerCase()}`,
      csrfToken: formToken(req),
      errors,
      crn,
      tab: tab.id,
      tabs: TABS.map((t) => ({ href: listLink(t.id, crn), text: t.text, active: t.id === tab.id })),
      tabText: tab.text,
      referrals: data && {
        totalCount: data.referrals.totalCount,
        items: data.referrals.edges.map((edge) => ({
          ...edge.node,
          needNames: edge.node.targetFactors.map((code) => factorNames.get(code) ?? code),
        })),
        nextPage: data.referrals.pageInfo.hasNextPage
          ? `${listLink(tab.id, crn)}&after=${encodeURIComponent(data.referrals.pageInfo.endCursor ?? '')}`
          : undefined,
        firstPage: after ? listLink(tab.id, crn) : undefined,
      },
    });
  }

  @Get('referrals/:id')
  @Roles(Role.PURCHASER)
  async referral(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('done') done?: string,
  ) {
    const data = await this.graphql.read<ReferralPageQuery, ReferralPageQueryVariables>(
      req,
      res,
      'ReferralPage',
      { id },
    );
    const referral = data.referral;
    if (!referral) throw new PageNotFoundError();
    const factorNames = new Map<string, string>(data.factors.map((f) => [f.code, f.name]));
    res.render('pages/referrals/referral', {
      pageTitle: `Referral ${referral.crn}: ${referral.intervention.title}`,
      csrfToken: formToken(req),
      referral,
      factorName: (code: string) => factorNames.get(code) ?? code,
      done: done ? DONE_MESSAGES[done] : undefined,
      canWithdraw: WITHDRAWABLE.includes(referral.status),
      canRecordOutcome: FINISHED.includes(referral.status) && !referral.outcome,
      canAmendOutcome: FINISHED.includes(referral.status) && !!referral.outcome,
      withdrawalReasonText: WITHDRAWAL_REASON_TEXT,
      outcomeLevelJudgements: OUTCOME_LEVEL_JUDGEMENTS,
    });
  }

  @Get('referrals/:id/withdraw')
  @Roles(Role.PURCHASER)
  async withdrawPage(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    const data = await this.heading(req, res, id);
    this.renderWithdraw(req, res, data, { reason: '', comments: '' }, []);
  }

  @Post('referrals/:id/withdraw')
  @Roles(Role.PURCHASER)
  @UseGuards(CsrfGuard)
  async withdraw(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const data = await this.heading(req, res, id);
    const form = {
      reason: typeof body.reason === 'string' ? body.reason : '',
      comments: typeof body.comments === 'string' ? body.comments.trim() : '',
    };
    if (!(form.reason in WITHDRAWAL_REASON_TEXT)) {
      this.renderWithdraw(req, res, data, form, [
        { field: 'reason', message: 'Select why you are withdrawing the referral' },
      ]);
      return;
    }
    const result = await this.graphql.run<
      WithdrawReferralMutation,
      WithdrawReferralMutationVariables
    >(req, res, 'WithdrawReferral', {
      id,
      input: {
        reason: form.reason as WithdrawalReason,
        comments: form.comments === '' ? null : form.comments,
      },
    });
    const refusal = result.errors?.[0];
    if (refusal) {
      this.renderWithdraw(
        req,
        res,
        data,
        form,
        this.refusalErrors(refusal, 'reason', (f) =>
          f.endsWith('comments') ? 'comments' : 'reason',
        ),
      );
      return;
    }
    res.redirect(303, `/referrals/${id}?done=withdrawn`);
  }

  @Get('referrals/:id/outcome')
  @Roles(Role.PURCHASER)
  async outcomePage(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    const data = await this.heading(req, res, id);
    const outcome = data.referral.outcome;
    this.renderOutcome(req, res, data, outcome ? outcomeValues(outcome) : {}, []);
  }

  @Post('referrals/:id/outcome')
  @Roles(Role.PURCHASER)
  @UseGuards(CsrfGuard)
  async outcome(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, string | string[] | undefined>,
  ) {
    const data = await this.heading(req, res, id);
    const targets = this.targets(data);
    const form = readOutcomeForm(body, targets);
    if (!form.input) {
      this.renderOutcome(req, res, data, form.values, form.errors);
      return;
    }
    const amend = data.referral.outcome !== null;
    // Record and amend take the same variables and answer the outcome's id.
    const result = await this.graphql.run<
      RecordOutcomeMutation,
      RecordOutcomeMutationVariables & AmendOutcomeMutationVariables
    >(req, res, amend ? 'AmendOutcome' : 'RecordOutcome', {
      referralId: id,
      input: form.input,
    });
    const refusal = result.errors?.[0];
    if (refusal) {
      const codes = targets.map((t) => t.code);
      this.renderOutcome(
        req,
        res,
        data,
        form.values,
        this.refusalErrors(refusal, factorField(codes[0]), (f) => outcomeFieldOf(f, codes)),
      );
      return;
    }
    res.redirect(303, `/referrals/${id}?done=${amend ? 'amended' : 'outcome'}`);
  }

  @Get('referrals/:id/case-notes/new')
  @Roles(Role.PURCHASER)
  async caseNotePage(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    const data = await this.heading(req, res, id);
    this.renderCaseNote(req, res, data, { subject: '', body: '', notify: false }, []);
  }

  @Post('referrals/:id/case-notes')
  @Roles(Role.PURCHASER)
  @UseGuards(CsrfGuard)
  async addCaseNote(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const data = await this.heading(req, res, id);
    const form = {
      subject: typeof body.subject === 'string' ? body.subject.trim() : '',
      body: typeof body.body === 'string' ? body.body.trim() : '',
      notify: body.notify === 'yes',
    };
    const result = await this.graphql.run<AddCaseNoteMutation, AddCaseNoteMutationVariables>(
      req,
      res,
      'AddCaseNote',
      {
        referralId: id,
        input: { subject: form.subject, body: form.body, notifyOtherSide: form.notify },
      },
    );
    const refusal = result.errors?.[0];
    if (refusal) {
      this.renderCaseNote(
        req,
        res,
        data,
        form,
        this.refusalErrors(refusal, 'subject', (f) => (f.endsWith('body') ? 'body' : 'subject')),
      );
      return;
    }
    res.redirect(303, `/referrals/${id}?done=note#case-notes`);
  }

  /** A refusal as the form's errors: field errors on their fields, anything else as one message. */
  private refusalErrors(
    refusal: GraphQLFormattedError,
    fallbackField: string,
    fieldOf: (path: string) => string,
  ): FieldMessage[] {
    const code = refusal.extensions?.code;
    if (code === 'BAD_USER_INPUT') {
      const fieldErrors = fieldErrorsOf(refusal);
      return fieldErrors.length > 0
        ? fieldErrors.map((e) => ({ field: fieldOf(e.field), message: e.message }))
        : [{ field: fallbackField, message: refusal.message }];
    }
    if (code === 'CONFLICT') return [{ field: fallbackField, message: refusalInWords(refusal) }];
    throw pageErrorOf(refusal);
  }

  /** The referral's heading for its forms; an unknown referral is the 404 page. */
  private async heading(req: Request, res: Response, id: string): Promise<HeadingData> {
    const data = await this.graphql.read<ReferralHeadingQuery, ReferralHeadingQueryVariables>(
      req,
      res,
      'ReferralHeading',
      { id },
    );
    if (!data.referral) throw new PageNotFoundError();
    return { factors: data.factors, referral: data.referral };
  }

  private targets(data: HeadingData) {
    const names = new Map<string, string>(data.factors.map((f) => [f.code, f.name]));
    return data.referral.targetFactors.map((code) => ({ code, name: names.get(code) ?? code }));
  }

  private renderWithdraw(
    req: Request,
    res: Response,
    data: HeadingData,
    form: { reason: string; comments: string },
    errors: FieldMessage[],
  ): void {
    res.status(errors.length > 0 ? 400 : 200).render('pages/referrals/withdraw', {
      pageTitle: `Withdraw referral ${data.referral.crn}`,
      csrfToken: formToken(req),
      referral: data.referral,
      form,
      errors,
      reasons: Object.entries(WITHDRAWAL_REASON_TEXT).map(([value, text]) => ({ value, text })),
    });
  }

  private renderOutcome(
    req: Request,
    res: Response,
    data: HeadingData,
    values: Record<string, string>,
    errors: FieldMessage[],
  ): void {
    const amend = data.referral.outcome !== null;
    res.status(errors.length > 0 ? 400 : 200).render('pages/referrals/outcome', {
      pageTitle: `${amend ? 'Amend' : 'Record'} the outcome of referral ${data.referral.crn}`,
      csrfToken: formToken(req),
      referral: data.referral,
      amend,
      values,
      errors,
      targets: this.targets(data).map((t) => ({ ...t, field: factorField(t.code) })),
      judgements: OUTCOME_LEVEL_JUDGEMENTS,
      contributionOptions: CONTRIBUTION_OPTIONS,
      options: JUDGEMENT_OPTIONS,
    });
  }

  private renderCaseNote(
    req: Request,
    res: Response,
    data: HeadingData,
    form: { subject: string; body: string; notify: boolean },
    errors: FieldMessage[],
  ): void {
    res.status(errors.length > 0 ? 400 : 200).render('pages/referrals/case-note', {
      pageTitle: `Add a case note to referral ${data.referral.crn}`,
      csrfToken: formToken(req),
      referral: data.referral,
      form,
      errors,
    });
  }
}

function listLink(tab: string, crn: string): string {
  return `/referrals?tab=${tab}${crn ? `&crn=${encodeURIComponent(crn)}` : ''}`;
}
