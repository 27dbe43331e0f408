import { Injectable } from '@nestjs/common';
import { Caller } from './caller';

/** Something another module does with each signed-in caller (e.g. remember their address). */
export type CallerHook = (caller: Caller) => Promise<void>;

/**
 * What other modules do with a signed-in caller once an operation has let them in, before it
 * runs: the AuthGuard awaits each hook in turn. A hook handles its own failures (a failure is
 * never the request's). Kept here rather than in an interceptor, which would cost every
 * operation an observable chain and two async resources.
 */
@Injectable()
export class CallerHooks {
  private readonly hooks: CallerHook[] = [];

  add(hook: CallerHook): void {
    this.hooks.push(hook);
  }

  async run(caller: Caller): Promise<void> {
    for (const hook of this.hooks) await hook(caller);
  }
}
