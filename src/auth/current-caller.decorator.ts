import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Caller } from './caller';
import { requestOf } from './request-context';

/** The verified caller of this operation (set by the AuthGuard before any resolver runs). */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => {
    const caller = requestOf(context).caller;
    if (!caller) throw new Error('CurrentCaller used on an operation the AuthGuard did not check');
    return caller;
  },
);
