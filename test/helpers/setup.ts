import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// No test talks to the real HubSpot, Salesforce or Slack: every outbound call must be a nock scope.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});
