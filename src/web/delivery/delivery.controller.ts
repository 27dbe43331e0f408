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
import { CsrfGuard } from '../csrf.guard';
import type {
  AcceptIncomingReferralMutation,
  AcceptIncomingReferralMutationVariables,
  Achievement,
  AddIncomingCaseNoteMutationVariables,
  Attendance,
  CompleteIncomingReferralMutation,
  CompleteIncomingReferralMutationVariables,
  DeclineIncomingReferralMutationVariables,
  DeclineReason,
  DeliveryMode,
  EndIncomingReferralEarlyMutationVariables,
  IncomingReferralQuery,
  IncomingReferralQueryVariables,
  IncomingReferralsQuery,
  IncomingReferralsQueryVariables,
  NoSessionReason,
  RecordIncomingSessionFeedbackMutationVariables,
  RescheduleIncomingSessionMutationVariables,
  RescheduleRequester,
  ScheduleIncomingSessionMutationVariables,
  SubmitIncomingActionPlanMutationVariables,
  SubmitIncomingEndOfServiceReportMutationVariables,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { QueueTabFilter, referralFilter } from '../referral-filter';
import { pageErrorOf, Variables, WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';
import {
  dateTimeFields,
  formFieldOf,
  lines,
  PostedForm,
  readDateTime,
  ReadForm,
  readWholeNumber,
  text,
} from './delivery-forms';

declare module 'express-session' {
  interface SessionData {
    /** What the last form did, shown once on the next page (a GOV.UK success banner). */
    deliveryDone?: string;
  }
}

/** The queue's tabs: which referrals each holds, as the API's filter. */
export const QUEUE_TABS = [
  { key: 'new', text: 'New', count: 'newTab', filter: { statuses: ['SUBMITTED'] } },
  { key: 'to-plan', text: 'To plan', count: 'toPlanTab', filter: { statuses: ['ACCEPTED'] } },
  {
    key: 'in-delivery',
    text: 'In delivery',
    count: 'inDeliveryTab',
    filter: { statuses: ['STARTED'] },
  },
  {
    key: 'report-due',
    text: 'Report due',
    count: 'reportDueTab',
    filter: { endOfServiceReportDue: true },
  },
  {
    key: 'closed',
    text: 'Closed',
    count: 'closedTab',
    filter: {
      statuses: ['COMPLETED', 'ENDED_EARLY', 'DECLINED', 'CANCELLED'],
      endOfServiceReportDue: false,
    },
  },
] as const;

const PAGE_SIZE = 20;

export const DECLINE_REASONS = [
  { value: 'NO_CAPACITY', text: 'No capacity to take the person on' },
  { value: 'INELIGIBLE', text: 'The person is not eligible for the service' },
  { value: 'OUT_OF_AREA', text: 'The person is outside the area the service reaches' },
  { value: 'UNSUITABLE_RISK', text: 'The risk the person poses is unsuitable for the service' },
  { value: 'OTHER', text: 'Another reason (say why below)' },
];
export const DELIVERY_MODES = [
  { value: 'ONE_TO_ONE', text: 'One-to-one' },
  { value: 'GROUP', text: 'Group' },
  { value: 'ONLINE', text: 'Online or by phone' },
  { value: 'DROP_IN', text: 'Drop-in' },
  { value: 'RESIDENTIAL', text: 'Residential' },
];
export const ATTENDANCE = [
  { value: 'YES', text: 'Yes, on time' },
  { value: 'LATE', text: 'Yes, late' },
  { value: 'NO', text: 'No' },
];
export const NO_SESSION_REASONS = [
  { value: 'PERSON_ACCEPTABLE', text: 'The person could not come, for an acceptable reason' },
  { value: 'PERSON_UNACCEPTABLE', text: 'The person did not come, without an acceptable reason' },
  { value: 'LOGISTICS', text: 'Logistics: the venue, the provider or transport let it down' },
];
export const REQUESTERS = [
  { value: 'PERSON_ON_PROBATION', text: 'The person on probation' },
  { value: 'PROVIDER', text: 'The provider' },
];
export const ACHIEVEMENTS = [
  { value: 'ACHIEVED', text: 'Achieved' },
  { value: 'PARTIALLY_ACHIEVED', text: 'Partly achieved' },
  { value: 'NOT_ACHIEVED', text: 'Not achieved' },
];

type Referral = NonNullable<IncomingReferralQuery['referral']>;

/** What the referral's state lets the provider do next, in the order delivery happens. */
function nextSteps(referral: Referral) {
  const live = referral.status === 'ACCEPTED' || referral.status === 'STARTED';
  const reportable =
    !referral.endOfServiceReport &&
    (referral.status === 'STARTED' ||
      (referral.status === 'ENDED_EARLY' && referral.endOfServiceReportDue));
  return {
    decide: referral.status === 'SUBMITTED',
    plan: live,
    schedule: live,
    report: reportable,
    finish: referral.status === 'STARTED' && Boolean(referral.endOfServiceReport),
  };
}

interface FormPage {
  /** The template under pages/delivery/. */
  view: string;
  title: string;
  /** The form's field ids, for placing the API's messages. */
  fields: string[];
}

const FORMS = {
  decline: { view: 'decline', title: 'Decline the referral', fields: ['reason', 'comments'] },
  actionPlan: {
    view: 'action-plan',
    title: 'Action plan',
    fields: ['activities', 'plannedSessions'],
  },
  schedule: {
    view: 'schedule',
    title: 'Schedule a session',
    fields: ['startsAt-day', 'startsAtTime', 'durationMinutes', 'deliveryMode', 'venue'],
  },
  reschedule: {
    view: 'reschedule',
    title: 'Move a session',
    fields: ['startsAt-day', 'startsAtTime', 'reason', 'requestedBy'],
  },
  feedback: {
    view: 'feedback',
    title: 'Record what happened at a session',
    fields: [
      'attended',
      'sessionHappened',
      'noSessionReason',
      'summary',
      'response',
      'concerns',
      'notifyPurchaser',
    ],
  },
  caseNote: {
    view: 'case-note',
    title: 'Add a case note',
    fields: ['subject', 'body', 'notifyOtherSide'],
  },
  report: { view: 'end-of-service-report', title: 'End-of-service report', fields: [] },
  endEarly: { view: 'end-early', title: 'End the referral early', fields: ['reason'] },
} satisfies Record<string, FormPage>;

const uuid = () => new ParseUUIDPipe({ exceptionFactory: () => new PageNotFoundError() });

/**
 * Incoming referrals: the supplier's queue of referrals bought on their organisation's listings,
 * and each referral's page with what was bought, its timeline and the actions of delivery in the
 * order they happen (accept or decline, action plan, sessions, case notes, end-of-service report,
 * complete or end early). Every action is the API's own mutation, run as the signed-in supplier.
 */
@Controller('incoming-referrals')
@UseFilters(WebErrorsFilter)
@Roles(Role.SUPPLIER)
export class DeliveryController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get()
  async queue(
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Record<string, string | string[] | undefined>,
  ) {
    const tab = QUEUE_TABS.find((t) => t.key === query.tab) ?? QUEUE_TABS[0];
    const crn = text(query, 'crn').toUpperCase();
    const after = text(query, 'after') || undefined;
    const errors: FieldMessage[] = [];
    let data: IncomingReferralsQuery | undefined;
    const withCrn = (filter: QueueTabFilter) => referralFilter(filter, crn);
    const counted = (key: (typeof QUEUE_TABS)[number]['count']) =>
      withCrn(QUEUE_TABS.find((t) => t.count === key)!.filter);
    const answer = await this.graphql.run<IncomingReferralsQuery, IncomingReferralsQueryVariables>(
      req,
      res,
      'IncomingReferrals',
      {
        filter: withCrn(tab.filter),
        first: PAGE_SIZE,
        after,
        newTab: counted('newTab'),
        toPlanTab: counted('toPlanTab'),
        inDeliveryTab: counted('inDeliveryTab'),
        reportDueTab: counted('reportDueTab'),
        closedTab: counted('closedTab'),
      },
    );
    const refusal = answer.errors?.[0];
    if (refusal?.extensions?.code === 'BAD_USER_INPUT') {
      const fieldErrors = (refusal.extensions.fieldErrors ?? []) as FieldMessage[];
      // A page address this service did not give (a cursor made up or mangled): no such page.
      if (fieldErrors.some((e) => e.field === 'after')) throw new PageNotFoundError();
      errors.push(
        fieldErrors.some((e) => e.field.endsWith('crn'))
          ? { field: 'crn', message: 'Enter a CRN as one capital letter and six digits' }
          : { field: 'crn', message: refusal.message },
      );
    } else if (refusal) {
      throw pageErrorOf(refusal);
    } else {
      data = answer.data ?? undefined;
    }
    const link = (params: Record<string, string | undefined>) =>
      `/incoming-referrals?${new URLSearchParams(
        Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])),
      ).toString()}`;
    res.status(errors.length > 0 ? 400 : 200).render('pages/delivery/queue', {
      pageTitle: `Incoming referrals: ${tab.text.toLowerCase()}`,
      csrfToken: formToken(req),
      errors,
      tab,
      tabs: QUEUE_TABS.map((t) => ({
        text: data ? `${t.text} (${data[t.count].totalCount})` : t.text,
        href: link({ tab: t.key, crn }),
        active: t.key === tab.key,
      })),
      crn,
      page: data?.referrals,
      nextLink: link({ tab: tab.key, crn }),
      firstLink: after ? link({ tab: tab.key, crn }) : undefined,
    });
  }

  @Get(':id')
  async referral(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    await this.showReferral(req, res, id);
  }

  @Post(':id/accept')
  @UseGuards(CsrfGuard)
  async accept(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    const answer = await this.graphql.run<
      AcceptIncomingReferralMutation,
      AcceptIncomingReferralMutationVariables
    >(req, res, 'AcceptIncomingReferral', { id });
    const refusal = this.refusalOf(answer.errors, [], 'accept');
    if (refusal) return this.showReferral(req, res, id, refusal);
    this.done(req, res, id, 'Referral accepted: now agree the action plan');
  }

  @Post(':id/complete')
  @UseGuards(CsrfGuard)
  async complete(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    const answer = await this.graphql.run<
      CompleteIncomingReferralMutation,
      CompleteIncomingReferralMutationVariables
    >(req, res, 'CompleteIncomingReferral', { id });
    const refusal = this.refusalOf(answer.errors, [], 'complete');
    if (refusal) return this.showReferral(req, res, id, refusal);
    this.done(req, res, id, 'Referral completed');
  }

  @Get(':id/decline')
  async declinePage(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    await this.showForm(req, res, id, FORMS.decline, {});
  }

  @Post(':id/decline')
  @UseGuards(CsrfGuard)
  async decline(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Body() form: PostedForm,
  ) {
    // Sent as answered: whether a value is one of the API's choices is the API's rule.
    const reason = text(form, 'reason') as DeclineReason | '';
    const read: ReadForm<DeclineIncomingReferralMutationVariables> = reason
      ? { value: { id, reason, comments: text(form, 'comments') || null } }
      : { errors: [{ field: 'reason', message: 'Select why you are declining the referral' }] };
    await this.submit(
      req,
      res,
      id,
      FORMS.decline,
      form,
      read,
      'DeclineIncomingReferral',
      'Referral declined',
    );
  }

  @Get(':id/action-plan')
  async actionPlanPage(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    await this.showForm(req, res, id, FORMS.actionPlan, undefined, (referral) => ({
      activities: referral.actionPlan?.activities.join('\n') ?? '',
      plannedSessions: referral.actionPlan ? String(referral.actionPlan.plannedSessions) : '',
    }));
  }

  @Post(':id/action-plan')
  @UseGuards(CsrfGuard)
  async actionPlan(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Body() form: PostedForm,
  ) {
    const activities = lines(form, 'activities');
    const planned = readWholeNumber(
      form,
      'plannedSessions',
      'Enter how many sessions are planned',
      'Enter the number of sessions as a whole number, like 8',
    );
    const errors = [
      ...(activities.length === 0
        ? [{ field: 'activities', message: 'Enter the planned activities, one on each line' }]
        : []),
      ...(planned.errors ?? []),
    ];
    const read: ReadForm<SubmitIncomingActionPlanMutationVariables> =
      errors.length > 0 || planned.value === undefined
        ? { errors }
        : {
            value: {
              referralId: id,
              input: { activities, plannedSessions: planned.value },
            },
          };
    await this.submit(
      req,
      res,
      id,
      FORMS.actionPlan,
      form,
      read,
      'SubmitIncomingActionPlan',
      'Action plan submitted',
    );
  }

  @Get(':id/sessions/new')
  async schedulePage(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    await this.showForm(req, res, id, FORMS.schedule, { durationMinutes: '60' });
  }

  @Post(':id/sessions/new')
  @UseGuards(CsrfGuard)
  async schedule(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Body() form: PostedForm,
  ) {
    const startsAt = readDateTime(form, 'startsAt', 'the session starts');
    const duration = readWholeNumber(
      form,
      'durationMinutes',
      'Enter how long the session lasts, in minutes',
      'Enter the length in minutes as a whole number, like 60',
    );
    const deliveryMode = text(form, 'deliveryMode') as DeliveryMode | '';
    const errors = [
      ...(startsAt.errors ?? []),
      ...(duration.errors ?? []),
      ...(deliveryMode
        ? []
        : [{ field: 'deliveryMode', message: 'Select how the session is delivered' }]),
    ];
    const read: ReadForm<ScheduleIncomingSessionMutationVariables> =
      errors.length > 0 || !startsAt.value || duration.value === undefined || !deliveryMode
        ? { errors }
        : {
            value: {
              referralId: id,
              input: {
                startsAt: startsAt.value.toISOString(),
                durationMinutes: duration.value,
                deliveryMode,
                venue: text(form, 'venue') || null,
              },
            },
          };
    await this.submit(
      req,
      res,
      id,
      FORMS.schedule,
      form,
      read,
      'ScheduleIncomingSession',
      'Session scheduled',
    );
  }

  @Get(':id/sessions/:sessionId/reschedule')
  async reschedulePage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Param('sessionId', uuid()) sessionId: string,
  ) {
    await this.showForm(
      req,
      res,
      id,
      FORMS.reschedule,
      undefined,
      (referral) => {
        const session = referral.sessions.find((s) => s.id === sessionId);
        return session ? dateTimeFields(session.startsAt, 'startsAt') : {};
      },
      sessionId,
    );
  }

  @Post(':id/sessions/:sessionId/reschedule')
  @UseGuards(CsrfGuard)
  async reschedule(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Param('sessionId', uuid()) sessionId: string,
    @Body() form: PostedForm,
  ) {
    const startsAt = readDateTime(form, 'startsAt', 'the session now starts');
    const requestedBy = text(form, 'requestedBy') as RescheduleRequester | '';
    const errors = [
      ...(startsAt.errors ?? []),
      ...(requestedBy ? [] : [{ field: 'requestedBy', message: 'Select who asked to move it' }]),
    ];
    const read: ReadForm<RescheduleIncomingSessionMutationVariables> =
      errors.length > 0 || !startsAt.value || !requestedBy
        ? { errors }
        : {
            value: {
              id: sessionId,
              input: {
                startsAt: startsAt.value.toISOString(),
                reason: text(form, 'reason'),
                requestedBy,
              },
            },
          };
    await this.submit(
      req,
      res,
      id,
      FORMS.reschedule,
      form,
      read,
      'RescheduleIncomingSession',
      'Session moved',
      sessionId,
    );
  }

  @Get(':id/sessions/:sessionId/feedback')
  async feedbackPage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Param('sessionId', uuid()) sessionId: string,
  ) {
    await this.showForm(req, res, id, FORMS.feedback, {}, undefined, sessionId);
  }

  @Post(':id/sessions/:sessionId/feedback')
  @UseGuards(CsrfGuard)
  async feedback(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Param('sessionId', uuid()) sessionId: string,
    @Body() form: PostedForm,
  ) {
    const attended = text(form, 'attended') as Attendance | '';
    const happened = text(form, 'sessionHappened');
    const errors = [
      ...(attended ? [] : [{ field: 'attended', message: 'Select whether the person attended' }]),
      ...(happened
        ? []
        : [{ field: 'sessionHappened', message: 'Select whether the session took place' }]),
    ];
    const read: ReadForm<RecordIncomingSessionFeedbackMutationVariables> =
      errors.length > 0 || !attended
        ? { errors }
        : {
            value: {
              id: sessionId,
              input: {
                attended,
                sessionHappened: happened === 'yes',
                // Sent as answered: whether a reason fits is the API's rule.
                noSessionReason: (text(form, 'noSessionReason') as NoSessionReason) || null,
                summary: text(form, 'summary') || null,
                response: text(form, 'response') || null,
                concerns: text(form, 'concerns') || null,
                notifyPurchaser: text(form, 'notifyPurchaser') === 'yes',
              },
            },
          };
    await this.submit(
      req,
      res,
      id,
      FORMS.feedback,
      form,
      read,
      'RecordIncomingSessionFeedback',
      'Session feedback recorded',
      sessionId,
    );
  }

  @Get(':id/case-notes/new')
  async caseNotePage(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    await this.showForm(req, res, id, FORMS.caseNote, {});
  }

  @Post(':id/case-notes/new')
  @UseGuards(CsrfGuard)
  async caseNote(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Body() form: PostedForm,
  ) {
    const read: ReadForm<AddIncomingCaseNoteMutationVariables> = {
      value: {
        referralId: id,
        input: {
          subject: text(form, 'subject'),
          body: text(form, 'body'),
          notifyOtherSide: text(form, 'notifyOtherSide') === 'yes',
        },
      },
    };
    await this.submit(
      req,
      res,
      id,
      FORMS.caseNote,
      form,
      read,
      'AddIncomingCaseNote',
      'Case note added',
    );
  }

  @Get(':id/end-of-service-report')
  async reportPage(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    await this.showForm(req, res, id, FORMS.report, {});
  }

  @Post(':id/end-of-service-report')
  @UseGuards(CsrfGuard)
  async report(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Body() form: PostedForm,
  ) {
    // One row per desired outcome the page listed, in its order (the API checks they are the
    // referral's, each once).
    const ids = [form.desiredOutcomeId ?? []].flat();
    const errors: FieldMessage[] = [];
    const descriptions = new Map(
      (await this.load(req, res, id)).referral.desiredOutcomes.map((o) => [o.id, o.description]),
    );
    const outcomes = ids.map((desiredOutcomeId, i) => {
      const achievement = text(form, `outcome-${i}`) as Achievement | '';
      if (!achievement) {
        const outcome = descriptions.get(desiredOutcomeId);
        errors.push({
          field: `outcome-${i}`,
          message: outcome
            ? `Select how far “${outcome}” was achieved`
            : 'Select how far this outcome was achieved',
        });
      }
      return {
        desiredOutcomeId,
        achievement: achievement as Achievement,
        progressComments: text(form, `progress-${i}`) || null,
      };
    });
    const read: ReadForm<SubmitIncomingEndOfServiceReportMutationVariables> =
      errors.length > 0
        ? { errors }
        : {
            value: {
              referralId: id,
              input: { outcomes, furtherInformation: text(form, 'furtherInformation') || null },
            },
          };
    await this.submit(
      req,
      res,
      id,
      FORMS.report,
      form,
      read,
      'SubmitIncomingEndOfServiceReport',
      'End-of-service report submitted: outcome payments are settled',
    );
  }

  @Get(':id/end-early')
  async endEarlyPage(@Req() req: Request, @Res() res: Response, @Param('id', uuid()) id: string) {
    await this.showForm(req, res, id, FORMS.endEarly, {});
  }

  @Post(':id/end-early')
  @UseGuards(CsrfGuard)
  async endEarly(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid()) id: string,
    @Body() form: PostedForm,
  ) {
    const reason = text(form, 'reason');
    const read: ReadForm<EndIncomingReferralEarlyMutationVariables> = reason
      ? { value: { id, reason } }
      : { errors: [{ field: 'reason', message: 'Enter why the referral ends early' }] };
    await this.submit(
      req,
      res,
      id,
      FORMS.endEarly,
      form,
      read,
      'EndIncomingReferralEarly',
      'Referral ended early',
    );
  }

  // --- how every page here is shown -------------------------------------------------------

  private async load(req: Request, res: Response, id: string) {
    const data = await this.graphql.read<IncomingReferralQuery, IncomingReferralQueryVariables>(
      req,
      res,
      'IncomingReferral',
      { id },
    );
    const referral = data.referral;
    if (!referral) throw new PageNotFoundError();
    const factorNames = new Map<string, string>(data.factors.map((f) => [f.code, f.name]));
    return {
      referral,
      factorName: (code: string) => factorNames.get(code) ?? code,
      steps: nextSteps(referral),
      outcomesByFactor: outcomesByFactor(referral, factorNames),
    };
  }

  private async showReferral(req: Request, res: Response, id: string, errors: FieldMessage[] = []) {
    const loaded = await this.load(req, res, id);
    const done = req.session?.deliveryDone;
    if (done) delete req.session.deliveryDone;
    res.status(errors.length > 0 ? 409 : 200).render('pages/delivery/referral', {
      pageTitle: `Referral for ${loaded.referral.crn}`,
      csrfToken: formToken(req),
      errors,
      done,
      ...loaded,
    });
  }

  private async showForm(
    req: Request,
    res: Response,
    id: string,
    page: FormPage,
    values: Record<string, unknown> | undefined,
    initial?: (referral: Referral) => Record<string, unknown>,
    sessionId?: string,
    errors: FieldMessage[] = [],
    status = 200,
  ) {
    const loaded = await this.load(req, res, id);
    const session = sessionId
      ? loaded.referral.sessions.find((s) => s.id === sessionId)
      : undefined;
    if (sessionId && !session) throw new PageNotFoundError();
    res.status(status).render(`pages/delivery/${page.view}`, {
      pageTitle: `${page.title} – referral for ${loaded.referral.crn}`,
      csrfToken: formToken(req),
      errors,
      form: values ?? initial?.(loaded.referral) ?? {},
      session,
      options: {
        declineReasons: DECLINE_REASONS,
        deliveryModes: DELIVERY_MODES,
        attendance: ATTENDANCE,
        noSessionReasons: NO_SESSION_REASONS,
        requesters: REQUESTERS,
        achievements: ACHIEVEMENTS,
      },
      ...loaded,
    });
  }

  /**
   * Runs a form's mutation: what the page could not read, and the API's refusals, go back on
   * the form (400 for bad input, 409 for a refusal in the referral's state); success goes back to
   * the referral with a message.
   */
  private async submit<V extends Variables>(
    req: Request,
    res: Response,
    id: string,
    page: FormPage,
    form: PostedForm,
    read: ReadForm<V>,
    operation: string,
    doneMessage: string,
    sessionId?: string,
  ) {
    if (read.errors) {
      return this.showForm(req, res, id, page, form, undefined, sessionId, read.errors, 400);
    }
    const answer = await this.graphql.run<unknown, V>(req, res, operation, read.value);
    const fields = page.view === 'end-of-service-report' ? reportFields(form) : page.fields;
    const errors = this.refusalOf(answer.errors, fields, fields[0] ?? 'submit');
    if (errors) {
      const status = answer.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT' ? 400 : 409;
      return this.showForm(req, res, id, page, form, undefined, sessionId, errors, status);
    }
    this.done(req, res, id, doneMessage);
  }

  /**
   * The API's refusal as messages on the form: BAD_USER_INPUT on its fields, a CONFLICT with its
   * message; anything else is the page's failure (sign in, 403, 404).
   */
  private refusalOf(
    errors: readonly GraphQLFormattedError[] | undefined,
    fields: string[],
    fallback: string,
  ): FieldMessage[] | undefined {
    const error = errors?.[0];
    if (!error) return undefined;
    const code = error.extensions?.code;
    if (code === 'BAD_USER_INPUT') {
      const fieldErrors = (error.extensions?.fieldErrors ?? []) as FieldMessage[];
      return fieldErrors.length > 0
        ? fieldErrors.map((e) => ({
            field: formFieldOf(e.field, fields, fallback),
            message: e.message,
          }))
        : [{ field: fallback, message: error.message }];
    }
    if (code === 'CONFLICT') return [{ field: fallback, message: error.message }];
    throw pageErrorOf(error);
  }

  private done(req: Request, res: Response, id: string, message: string) {
    if (req.session) req.session.deliveryDone = message;
    res.redirect(303, `/incoming-referrals/${id}`);
  }
}

/** The report form's fields: one achievement per desired outcome, then further information. */
function reportFields(form: PostedForm): string[] {
  const count = [form.desiredOutcomeId ?? []].flat().length;
  return [...Array.from({ length: count }, (_, i) => `outcome-${i}`), 'furtherInformation'];
}

/** The desired outcomes under their factors, each numbered in the order the report form lists them. */
function outcomesByFactor(referral: Referral, factorNames: Map<string, string>) {
  const factors = [
    ...new Set([...referral.targetFactors, ...referral.desiredOutcomes.map((o) => o.factor)]),
  ];
  let index = 0;
  return factors
    .map((factor) => ({
      factor: factorNames.get(factor) ?? factor,
      outcomes: referral.desiredOutcomes
        .filter((o) => o.factor === factor)
        .map((o) => ({ ...o, index: index++ })),
    }))
    .filter((group) => group.outcomes.length > 0);
}
