/**
 * The secret the test run verifies tokens with (set as JWT_SECRET by the global setup): tests run
 * with NODE_ENV=test, where the development secret is never accepted. A module of its own, with
 * no imports: the global setup runs in Jest's own process, where loading the service's modules
 * (decorators, GraphQL type registrations) would leave them behind for the first test file.
 */
export const TEST_JWT_SECRET = 'test-only-secret-intervention-marketplace-0123456789';
