import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../common/errors';
import { PageNotFoundError, FormExpiredError, PageUnavailableError } from './web-errors';
import { isPagePath } from './web-setup';

/** Where to come back to after signing in: a path on this service, never another site. */
export function safeReturnPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : undefined;
}

/**
 * The page a form was sent from: the path of its Referer when that is this site (the pages send
 * their Referer to their own site only: Referrer-Policy same-origin).
 */
export function formPageOf(req: Request): string | undefined {
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.host === req.get('host') ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pages' failures as pages: signing in (again) redirects to the sign-in page and back, a
 * refusal is a 403 page, an unknown page or id a 404 page, anything else a 500 page that says
 * nothing of the cause (which is logged). Never a stack trace or a JSON body.
 */
@Catch()
export class WebErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof UnauthenticatedError) {
      // A page: back to it. A form sent after the session ended: back to the page it was on,
      // to send again (nothing was changed).
      const back = safeReturnPath(req.method === 'GET' ? req.originalUrl : formPageOf(req));
      res.redirect(
        303,
        back && back !== '/' ? `/sign-in?returnTo=${encodeURIComponent(back)}` : '/sign-in',
      );
      return;
    }
    if (error instanceof FormExpiredError) {
      res.status(403).render('pages/errors/form-expired', { pageTitle: 'Your form has expired' });
      return;
    }
    if (error instanceof ForbiddenError) {
      res.status(403).render('pages/errors/forbidden', { pageTitle: 'You cannot see this page' });
      return;
    }
    if (
      error instanceof PageNotFoundError ||
      error instanceof NotFoundError ||
      error instanceof NotFoundException
    ) {
      res.status(404).render('pages/errors/not-found', { pageTitle: 'Page not found' });
      return;
    }
    if (error instanceof PageUnavailableError) {
      res.status(503).render('pages/errors/unavailable', {
        pageTitle: 'Sorry, this page is not available at the moment',
        message: error.message,
        reason: error.reason,
      });
      return;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      res
        .status(error.getStatus())
        .render('pages/errors/not-found', { pageTitle: 'Page not found' });
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    res.status(500).render('pages/errors/problem', {
      pageTitle: 'Sorry, there is a problem with the service',
    });
  }
}

/**
 * Unknown addresses: a 404 page for page paths, Nest's usual JSON answer for the API's. Global,
 * so it sees the router's own "not found".
 */
@Catch(NotFoundException)
export class PageNotFoundFilter extends BaseExceptionFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost.httpAdapter);
  }

  override catch(error: NotFoundException, host: ArgumentsHost): void {
    if (host.getType() === 'http') {
      const req = host.switchToHttp().getRequest<Request>();
      if (isPagePath(req.path)) {
        host
          .switchToHttp()
          .getResponse<Response>()
          .status(404)
          .render('pages/errors/not-found', { pageTitle: 'Page not found' });
        return;
      }
    }
    super.catch(error, host);
  }
}
