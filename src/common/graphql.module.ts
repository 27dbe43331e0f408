import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { ReportAnswers } from '../commissioning/report-answers';
import { AppConfig } from '../config/app-config';
import { graphqlMetricsPlugin } from '../metrics/graphql-metrics.plugin';
import { MetricsService } from '../metrics/metrics.service';
import { formatGraphQLError } from './graphql-errors';
import { graphqlOverHttpPlugin } from './graphql-over-http';
import { queryLimitRules } from './graphql-limits';
import { KnownOperationTypes } from './operation-types';

/** Code-first GraphQL at /graphql; schema.graphql is generated from the code and committed. */
export const GraphqlApiModule = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  inject: [AppConfig, MetricsService, ReportAnswers],
  useFactory: (config: AppConfig, metrics: MetricsService, reportAnswers: ReportAnswers) => ({
    autoSchemaFile: true,
    sortSchema: true,
    introspection: config.introspection,
    playground: false,
    // Apollo Sandbox as the landing page in development only; no landing page otherwise (Apollo's
    // production one loads scripts from its CDN).
    plugins: [
      // Nothing sets cache hints (every answer depends on the caller's token), so Apollo's
      // cache-control plugin would only add a hook to every field resolved.
      ApolloServerPluginCacheControlDisabled(),
      config.isDevelopment
        ? ApolloServerPluginLandingPageLocalDefault()
        : ApolloServerPluginLandingPageDisabled(),
      // Status codes and media types as the GraphQL-over-HTTP specification asks (docs/clients.md).
      graphqlOverHttpPlugin(),
      // Operation durations by name, errors by code (/metrics).
      graphqlMetricsPlugin(metrics),
      // A commissioner's report answered without errors: kept whole for REPORT_CACHE_SECONDS and
      // sent again at the HTTP edge (secureHttp) to the same caller asking the same again.
      reportAnswers.plugin(),
    ],
    // Automatic persisted queries (Apollo's protocol) stay on, in Apollo's bounded in-memory cache.
    includeStacktraceInErrorResponses: false,
    // Apollo refuses a POST that a browser could send cross-site without a preflight (a form,
    // text/plain): it needs content-type application/json or an apollo-require-preflight header.
    csrfPrevention: true,
    validationRules: [KnownOperationTypes, ...queryLimitRules(config.graphqlLimits)],
    parseOptions: { maxTokens: config.graphqlLimits.maxTokens },
    // "Did you mean ...?" hints would map the schema for someone without introspection.
    hideSchemaDetailsFromClientErrors: !config.isDevelopment,
    formatError: (formatted, error) => formatGraphQLError(formatted, error, config.isDevelopment),
    // The response too: the rate limiter sets its headers on it.
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
  }),
});
