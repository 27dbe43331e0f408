import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { requestOf } from '../auth/request-context';
import { EmailsService } from './emails.service';

/**
 * Remembers each signed-in caller's email address (their token's `email` claim), roles,
 * organisation and division on their first request to this instance, and again when any of
 * them changes: the recipients of emails are looked up from what was remembered. Callers whose
 * token has no address cost nothing (no statement). A failure to remember is logged, never the
 * request's failure (the next request tries again).
 */
@Injectable()
export class RememberContactInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Emails');

  constructor(private readonly emails: EmailsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = requestOf(context)?.caller;
    if (!caller?.email) return next.handle();
    const remembered = this.emails
      .remember(caller)
      .catch((error: unknown) =>
        this.logger.warn(`Could not remember a caller's email address: ${String(error)}`),
      );
    return from(remembered).pipe(switchMap(() => next.handle()));
  }
}
