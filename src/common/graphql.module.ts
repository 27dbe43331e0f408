import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig } from '../config/app-config';
import { formatGraphQLError } from './graphql-errors';

/** Code-first GraphQL at /graphql; schema.graphql is generated from the code and committed. */
export const GraphqlApiModule = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    autoSchemaFile: true,
    sortSchema: true,
    introspection: config.introspection,
    playground: false,
    // Apollo Sandbox as the landing page in development only.
    plugins: config.isDevelopment ? [ApolloServerPluginLandingPageLocalDefault()] : [],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatGraphQLError(formatted, error, config.isDevelopment),
    context: ({ req }: { req: unknown }) => ({ req }),
  }),
});
