import {
  APPLICATION_JSON,
  GRAPHQL_RESPONSE_JSON,
  graphqlOverHttpStatus,
  responseMediaType,
} from './graphql-over-http';

describe('responseMediaType', () => {
  it.each([
    [undefined, APPLICATION_JSON],
    ['', APPLICATION_JSON],
    ['application/json', APPLICATION_JSON],
    ['*/*', APPLICATION_JSON],
    ['application/graphql-response+json', GRAPHQL_RESPONSE_JSON],
    // Apollo Client 4 and graphql-http's default
    ['application/graphql-response+json,application/json;q=0.9', GRAPHQL_RESPONSE_JSON],
    ['application/json, application/graphql-response+json', APPLICATION_JSON],
    ['application/graphql-response+json, application/json', GRAPHQL_RESPONSE_JSON],
    ['application/graphql-response+json;q=0, */*', APPLICATION_JSON],
    ['application/json;q=1, application/graphql-response+json;q=0.5', APPLICATION_JSON],
    ['application/*', APPLICATION_JSON],
    ['text/html', undefined],
    ['application/json;q=0', undefined],
  ])('answers %s with %s', (accept, expected) => {
    expect(responseMediaType(accept)).toBe(expected);
  });
});

describe('graphqlOverHttpStatus', () => {
  it('answers a document that fails to parse or validate 200 under application/json', () => {
    expect(graphqlOverHttpStatus(APPLICATION_JSON, 400, ['GRAPHQL_VALIDATION_FAILED'])).toBe(200);
    expect(graphqlOverHttpStatus(APPLICATION_JSON, 400, ['GRAPHQL_PARSE_FAILED'])).toBe(200);
    expect(graphqlOverHttpStatus(APPLICATION_JSON, 400, ['BAD_USER_INPUT'])).toBe(200);
  });

  it('keeps 400 under application/graphql-response+json', () => {
    expect(graphqlOverHttpStatus(GRAPHQL_RESPONSE_JSON, 400, ['GRAPHQL_VALIDATION_FAILED'])).toBe(
      400,
    );
  });

  it('keeps 400 for a malformed request under both', () => {
    expect(graphqlOverHttpStatus(APPLICATION_JSON, 400, ['BAD_REQUEST'])).toBe(400);
    expect(graphqlOverHttpStatus(APPLICATION_JSON, 400, [])).toBe(400);
    expect(
      graphqlOverHttpStatus(APPLICATION_JSON, 400, ['GRAPHQL_PARSE_FAILED', 'BAD_REQUEST']),
    ).toBe(400);
  });

  it('leaves every other status alone', () => {
    expect(graphqlOverHttpStatus(APPLICATION_JSON, undefined, [])).toBeUndefined();
    expect(graphqlOverHttpStatus(APPLICATION_JSON, 413, ['BAD_USER_INPUT'])).toBe(413);
  });
});
