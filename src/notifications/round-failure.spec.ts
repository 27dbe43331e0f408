import { logRoundFailure } from './round-failure';

describe('logRoundFailure', () => {
  const logger = () => ({ warn: jest.fn(), error: jest.fn() });

  it('warns when no database connection could be had for a moment', () => {
    const log = logger();
    logRoundFailure(log, 'Webhook dispatch', new Error('timeout exceeded when trying to connect'));
    expect(log.warn).toHaveBeenCalledWith(
      'Webhook dispatch waits for its next round: Error: timeout exceeded when trying to connect',
    );
    expect(log.error).not.toHaveBeenCalled();
  });

  it('logs anything else as an error', () => {
    const log = logger();
    logRoundFailure(log, 'Email dispatch', new Error('relation "email" does not exist'));
    expect(log.error).toHaveBeenCalledWith(
      'Email dispatch round failed: Error: relation "email" does not exist',
    );
    expect(log.warn).not.toHaveBeenCalled();
  });
});
