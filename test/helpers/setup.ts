import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// No test talks to the real HubSpot, Salesforce or Slack: every outbound call must be a nock scope.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

// An interceptor nobody called is a request the code under test never made: the test's picture of
// the wire is wrong, whatever it asserted. Fail it (optional and used persistent ones excepted).
afterEach(() => {
  const unused = nock.pendingMocks();
  nock.cleanAll();
  if (unused.length > 0) {
    throw new Error(`nock interceptors never called:\n  ${unused.join('\n  ')}`);
  }
});
