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
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { RISK_LEVELS, SEXES, SUPERVISION_TYPES } from '../find/search-form';
import { CsrfGuard } from '../csrf.guard';
import type {
  BoughtBudgetQuery,
  BoughtBudgetQueryVariables,
  BoughtPageQuery,
  BoughtPageQueryVariables,
  BuyPageQuery,
  BuyPageQueryVariables,
  BuyPlaceMutation,
  BuyPlaceMutationVariables,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { pageErrorOf, WebGraphql } from '../web-graphql';
import { randomToken } from '../web-setup';
import { formToken } from '../web-session';
import {
  BuyAnswers,
  BuyFormBody,
  buyFieldErrors,
  buyFormErrors,
  COMPLEXITIES,
  readBuyAnswers,
  referralInput,
} from './buy-form';
import { fieldErrorsOf, fieldMessageInWords, refusalInWords } from './refusal-words';

/** A purchase being prepared: the answers, by the idempotency key its form carries. */
interface BuyDraft {
  interventionId: string;
  answers: BuyAnswers;
  referralId?: string;
}

declare module 'express-session' {
  interface SessionData {
    buyDrafts?: Record<string, BuyDraft>;
  }
}

/** How many purchases a session keeps in preparation (the oldest goes first). */
const MAX_DRAFTS = 10;
/** An idempotency key as the form carries it (and the API accepts). */
const KEY = /^[\w-]{16,64}$/;

/** The buy pages' data, the listing known to be there. */
interface BuyPageData extends BuyPageQuery {
  intervention: NonNullable<BuyPageQuery['intervention']>;
}

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new PageNotFoundError() });

/**
 * Buying a place from a listing: one question page (the person, the needs to work on, the desired
 * outcomes, complexity, units), check your answers, then the confirmation. The form carries an
 * idempotency key, so a double click or a resubmission answers the first referral, never a second.
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class BuyController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get('interventions/:id/buy')
  @Roles(Role.PURCHASER)
  async form(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query() query: BuyFormBody,
  ) {
    const data = await this.buyPage(req, res, id);
    const key = typeof query.key === 'string' ? query.key : '';
    const draft = KEY.test(key) ? req.session.buyDrafts?.[key] : undefined;
    let answers: BuyAnswers;
    if (draft && draft.interventionId === id && !draft.referralId) {
      answers = draft.answers;
    } else {
      // From the find page: the person described there, and the needs searched for.
      answers = readBuyAnswers({ ...query, crn: '', desiredOutcomes: [], units: '', notes: '' });
      answers.targetFactors = [query.factors ?? []]
        .flat()
        .filter((f) => new Set<string>(data.intervention.factors).has(f));
      if (answers.targetFactors.length === 0 && data.intervention.factors.length === 1)
        answers.targetFactors = [...data.intervention.factors];
    }
    this.renderForm(req, res, data, answers, draft && !draft.referralId ? key : randomToken(), []);
  }

  @Post('interventions/:id/buy')
  @Roles(Role.PURCHASER)
  @UseGuards(CsrfGuard)
  async answer(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Body() body: BuyFormBody,
  ) {
    const data = await this.buyPage(req, res, id);
    const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : '';
    const answers = readBuyAnswers(body);
    const errors = buyFormErrors(answers, unitsAsked(data));
    if (!KEY.test(key) || errors.length > 0) {
      this.renderForm(req, res, data, answers, KEY.test(key) ? key : randomToken(), errors);
      return;
    }
    const drafts = req.session.buyDrafts ?? {};
    if (drafts[key]?.referralId) {
      // This form already bought its place: show that one again.
      res.redirect(303, `/referrals/${drafts[key].referralId}/bought`);
      return;
    }
    delete drafts[key];
    drafts[key] = { interventionId: id, answers };
    const keys = Object.keys(drafts);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_DRAFTS))) delete drafts[old];
    req.session.buyDrafts = drafts;
    res.redirect(303, `/interventions/${id}/buy/check?key=${key}`);
  }

  @Get('interventions/:id/buy/check')
  @Roles(Role.PURCHASER)
  async check(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('key') key?: string,
  ) {
    const draft = key && KEY.test(key) ? req.session.buyDrafts?.[key] : undefined;
    if (!key || !draft || draft.interventionId !== id) {
      res.redirect(303, `/interventions/${id}/buy`);
      return;
    }
    if (draft.referralId) {
      res.redirect(303, `/referrals/${draft.referralId}/bought`);
      return;
    }
    const data = await this.buyPage(req, res, id);
    this.renderCheck(req, res, data, draft.answers, key, undefined);
  }

  @Post('interventions/:id/buy/check')
  @Roles(Role.PURCHASER)
  @UseGuards(CsrfGuard)
  async buy(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Body('idempotencyKey') key?: string,
  ) {
    const draft = key && KEY.test(key) ? req.session.buyDrafts?.[key] : undefined;
    if (!key || !draft || draft.interventionId !== id) {
      res.redirect(303, `/interventions/${id}/buy`);
      return;
    }
    if (draft.referralId) {
      res.redirect(303, `/referrals/${draft.referralId}/bought`);
      return;
    }
    const data = await this.buyPage(req, res, id);
    const result = await this.graphql.run<BuyPlaceMutation, BuyPlaceMutationVariables>(
      req,
      res,
      'BuyPlace',
      { input: referralInput(id, draft.answers, unitsAsked(data)), idempotencyKey: key },
    );
    const refusal = result.errors?.[0];
    if (refusal?.extensions?.code === 'BAD_USER_INPUT') {
      const errors = buyFieldErrors(fieldErrorsOf(refusal), refusal.message).map(
        fieldMessageInWords,
      );
      this.renderForm(req, res, data, draft.answers, key, errors);
      return;
    }
    if (refusal?.extensions?.code === 'CONFLICT') {
      this.renderCheck(req, res, data, draft.answers, key, refusalInWords(refusal));
      return;
    }
    if (refusal) throw pageErrorOf(refusal);
    if (!result.data) throw new Error('BuyPlace answered no data');
    const referralId = result.data.createReferral.id;
    draft.referralId = referralId;
    req.session.buyDrafts = { ...req.session.buyDrafts, [key]: draft };
    res.redirect(303, `/referrals/${referralId}/bought`);
  }

  @Get('referrals/:id/bought')
  @Roles(Role.PURCHASER)
  async bought(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    const { referral } = await this.graphql.read<BoughtPageQuery, BoughtPageQueryVariables>(
      req,
      res,
      'BoughtPage',
      { id },
    );
    if (!referral) throw new PageNotFoundError();
    const { divisionBudget } = await this.graphql.read<
      BoughtBudgetQuery,
      BoughtBudgetQueryVariables
    >(req, res, 'BoughtBudget', {
      divisionCode: referral.division.code,
      financialYear: referral.financialYear,
    });
    res.render('pages/referrals/bought', {
      pageTitle: 'Place bought',
      csrfToken: formToken(req),
      referral,
      budget: divisionBudget,
    });
  }

  /** The listing's buy page data; an unknown listing is the 404 page. */
  private async buyPage(req: Request, res: Response, id: string): Promise<BuyPageData> {
    const data = await this.graphql.read<BuyPageQuery, BuyPageQueryVariables>(req, res, 'BuyPage', {
      id,
    });
    const intervention = data.intervention;
    if (!intervention) throw new PageNotFoundError();
    return { ...data, intervention };
  }

  private renderForm(
    req: Request,
    res: Response,
    data: BuyPageData,
    answers: BuyAnswers,
    key: string,
    errors: FieldMessage[],
  ): void {
    const listing = data.intervention;
    const factorNames = new Map<string, string>(data.factors.map((f) => [f.code, f.name]));
    res.status(errors.length > 0 ? 400 : 200).render('pages/referrals/buy', {
      pageTitle: `Buy a place: ${listing.title}`,
      csrfToken: formToken(req),
      listing,
      answers,
      key,
      errors,
      unitsAsked: unitsAsked(data),
      needs: listing.factors.map((code) => ({
        code,
        name: factorNames.get(code) ?? code,
        outcomes: data.desiredOutcomes.filter((o) => o.factor === code),
      })),
      options: {
        sexes: SEXES,
        riskLevels: RISK_LEVELS,
        supervisionTypes: SUPERVISION_TYPES,
        complexities: COMPLEXITIES,
      },
    });
  }

  private renderCheck(
    req: Request,
    res: Response,
    data: BuyPageData,
    answers: BuyAnswers,
    key: string,
    refusal: string | undefined,
  ): void {
    const listing = data.intervention;
    const factorNames = new Map<string, string>(data.factors.map((f) => [f.code, f.name]));
    const outcomes = new Map(data.desiredOutcomes.map((o) => [o.id, o]));
    res.status(refusal ? 409 : 200).render('pages/referrals/buy-check', {
      pageTitle: `Check your answers: ${listing.title}`,
      csrfToken: formToken(req),
      listing,
      answers,
      key,
      refusal,
      errors: refusal ? [{ field: 'buy', message: refusal }] : [],
      unitsAsked: unitsAsked(data),
      targetNames: answers.targetFactors.map((code) => factorNames.get(code) ?? code),
      outcomeTexts: answers.desiredOutcomes.map((id) => {
        const outcome = outcomes.get(id);
        return outcome
          ? `${factorNames.get(outcome.factor) ?? outcome.factor}: ${outcome.description}`
          : id;
      }),
      changeLink: `/interventions/${listing.id}/buy?key=${key}`,
    });
  }
}

/** Units are asked for when the price is per session, hour or day (a referral is one unit). */
function unitsAsked(data: BuyPageData): boolean {
  return data.intervention.price !== null && data.intervention.price.unit !== 'PER_REFERRAL';
}
