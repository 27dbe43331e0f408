import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { FormExpiredError } from './web-errors';
import { csrf } from './web-session';

/** Every form the pages post carries the session's CSRF token; any other POST is refused. */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    if (!req.session || !csrf.isRequestValid(req)) throw new FormExpiredError();
    return true;
  }
}
