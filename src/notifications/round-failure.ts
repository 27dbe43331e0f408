import { LoggerService } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/database-errors';

/**
 * Logs a dispatcher's failed round (`what`: "Webhook dispatch"). A moment without a database
 * connection (the embedded database's one connection held by the demo seed at start, a restart,
 * a failover) is a warning: the next round goes on and nothing is lost. Anything else is an
 * error.
 */
export function logRoundFailure(
  logger: Pick<LoggerService, 'warn' | 'error'>,
  what: string,
  error: unknown,
): void {
  if (isDatabaseUnavailable(error)) {
    logger.warn(`${what} waits for its next round: ${String(error)}`);
  } else {
    logger.error(`${what} round failed: ${String(error)}`);
  }
}
