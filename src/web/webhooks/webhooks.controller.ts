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
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { GraphQLEnumType } from 'graphql';
import { AnyRole } from '../../auth/roles.decorator';
import { formErrorsOf } from '../api-refusals';
import { CsrfGuard } from '../csrf.guard';
import type {
  DeactivateWebhookMutation,
  DeactivateWebhookMutationVariables,
  DomainEventType,
  RegisterWebhookMutation,
  RegisterWebhookMutationVariables,
  WebhookPageQuery,
  WebhookPageQueryVariables,
  WebhooksPageQuery,
  WebhooksPageQueryVariables,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';

declare module 'express-session' {
  interface SessionData {
    /** A new webhook's signing secret, shown once on its page and then forgotten. */
    newWebhookSecret?: { webhookId: string; secret: string };
  }
}

interface RegisterForm {
  url?: string;
  description?: string;
  events?: string | string[];
}

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new PageNotFoundError() });

/** The input's field paths as the form's fields. */
const formField = (path: string): string => path.replace(/^input\./, '');

/**
 * Webhooks: the receivers of an organisation's (or a division's) events. Register one (the API
 * checks the address and the limits), see what each was sent and how the receiver answered, and
 * deactivate it.
 */
@Controller('webhooks')
@UseFilters(WebErrorsFilter)
export class WebhooksController {
  constructor(
    private readonly graphql: WebGraphql,
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get()
  @AnyRole()
  async list(@Req() req: Request, @Res() res: Response, @Query('all') all?: string) {
    const includeInactive = all === 'yes';
    const data = await this.graphql.read<WebhooksPageQuery, WebhooksPageQueryVariables>(
      req,
      res,
      'WebhooksPage',
      { includeInactive },
    );
    const webhooks = data.webhooks.nodes;
    res.render('pages/webhooks/list', {
      pageTitle: 'Webhooks',
      csrfToken: formToken(req),
      webhooks,
      includeInactive,
      eventNames: this.eventNames(),
    });
  }

  @Get('new')
  @AnyRole()
  registerPage(@Req() req: Request, @Res() res: Response) {
    this.renderForm(req, res, {}, []);
  }

  @Post()
  @AnyRole()
  @UseGuards(CsrfGuard)
  async register(@Req() req: Request, @Res() res: Response, @Body() form: RegisterForm) {
    const events = [form.events ?? []].flat();
    const answer = await this.graphql.run<
      RegisterWebhookMutation,
      RegisterWebhookMutationVariables
    >(req, res, 'RegisterWebhook', {
      input: {
        url: (form.url ?? '').trim(),
        // Sent as ticked: whether each is an event type is the API's rule.
        events: events as DomainEventType[],
        description: form.description?.trim() || null,
      },
    });
    const refusal = answer.errors?.[0];
    if (refusal) {
      const errors = formErrorsOf(refusal, 'url', formField);
      return this.renderForm(req, res, { ...form, events }, errors);
    }
    if (!answer.data) throw new Error('RegisterWebhook answered no data');
    const { secret, webhook } = answer.data.registerWebhook;
    req.session.newWebhookSecret = { webhookId: webhook.id, secret };
    res.redirect(303, `/webhooks/${webhook.id}`);
  }

  @Get(':id')
  @AnyRole()
  async webhook(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('after') after?: string,
  ) {
    const data = await this.graphql.read<WebhookPageQuery, WebhookPageQueryVariables>(
      req,
      res,
      'WebhookPage',
      { webhookId: id, after: after || null },
    );
    // No such node, or a node of another type (`{}`): no such webhook.
    const webhook = data.node;
    if (!webhook || !('id' in webhook)) throw new PageNotFoundError();
    // The secret is shown on the first visit after registering, never again.
    const fresh = req.session.newWebhookSecret;
    const secret = fresh?.webhookId === id ? fresh.secret : undefined;
    if (fresh) delete req.session.newWebhookSecret;
    const deactivated = req.query.deactivated === 'yes';
    res.render('pages/webhooks/webhook', {
      pageTitle: `Webhook ${webhook.url}`,
      csrfToken: formToken(req),
      webhook,
      secret,
      deactivated,
      deliveries: data.webhookDeliveries,
      nextPage: data.webhookDeliveries.pageInfo.hasNextPage
        ? `/webhooks/${id}?after=${encodeURIComponent(data.webhookDeliveries.pageInfo.endCursor ?? '')}`
        : undefined,
      eventNames: this.eventNames(),
    });
  }

  @Post(':id/deactivate')
  @AnyRole()
  @UseGuards(CsrfGuard)
  async deactivate(@Req() req: Request, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.graphql.read<DeactivateWebhookMutation, DeactivateWebhookMutationVariables>(
      req,
      res,
      'DeactivateWebhook',
      { id },
    );
    res.redirect(303, `/webhooks/${id}?deactivated=yes`);
  }

  private renderForm(req: Request, res: Response, form: RegisterForm, errors: FieldMessage[]) {
    res.status(errors.length > 0 ? 400 : 200).render('pages/webhooks/register', {
      pageTitle: 'Register a webhook',
      csrfToken: formToken(req),
      form: { ...form, events: [form.events ?? []].flat() },
      errors,
      eventTypes: Object.entries(this.eventNames()).map(([value, text]) => ({ value, text })),
    });
  }

  /** Each event type with the schema's own description of it. */
  private eventNames(): Record<string, string> {
    const { schema } = this.moduleRef.get(GraphQLSchemaHost, { strict: false });
    const type = schema.getType('DomainEventType') as GraphQLEnumType;
    return Object.fromEntries(
      type.getValues().map((value) => [value.name, value.description ?? value.name]),
    );
  }
}
