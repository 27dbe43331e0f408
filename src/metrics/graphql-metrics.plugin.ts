import type { ApolloServerPlugin } from '@apollo/server';
import { ERRORS_COUNTED, MetricsService } from './metrics.service';

interface Context {
  req?: { [ERRORS_COUNTED]?: boolean };
}

/**
 * Times each GraphQL operation by its name and type (an operation that did not parse or validate
 * counts as `anonymous`, so a client cannot grow the label set with names of nothing), and
 * counts its errors by `extensions.code`.
 */
export function graphqlMetricsPlugin(metrics: MetricsService): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      const started = process.hrtime.bigint();
      return Promise.resolve({
        willSendResponse({ operation, response, contextValue }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.graphqlOperation(
            operation?.name?.value,
            operation?.operation ?? 'unknown',
            seconds,
          );
          const errors =
            response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const error of errors) {
            const code = error.extensions?.code;
            metrics.error(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          }
          if (errors.length > 0 && contextValue.req) contextValue.req[ERRORS_COUNTED] = true;
          return Promise.resolve();
        },
      });
    },
  };
}
