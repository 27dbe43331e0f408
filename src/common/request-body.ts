import { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Largest JSON request body. Express's default (100 kB) would refuse a realistic rate card; an
 * import carries up to 5 MB of CSV, which JSON escaping can grow (quotes and line breaks).
 */
export const MAX_REQUEST_BODY = '10mb';

/** Call before `listen`: Nest then skips its default JSON parser. */
export function limitRequestBodies(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: MAX_REQUEST_BODY });
}
