import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { describeConnectors, formatConfigProblems, loadConfig } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';

describe('loadConfig', () => {
  it('boots with no environment at all, on the embedded database with safe defaults', () => {
    const loaded = loadConfig({});
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.config).toMatchObject({
      PORT: 3000,
      DATA_DIR: './.data',
      DEFINITIONS_FILE: 'config/definitions.yaml',
      HUBSPOT_API_BASE_URL: 'https://api.hubapi.com',
      LOG_LEVEL: 'info',
    });
    expect(loaded.config.DATABASE_URL).toBeUndefined();
    const connectors = describeConnectors(loaded.config);
    expect(connectors.hubspotSync.enabled).toBe(false);
    expect(connectors.signedRoutes.reason).toContain('503 not_configured');
  });

  it('lists every problem at once, each with the variable name', () => {
    const loaded = loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      HUBSPOT_PORTAL_ID: 'abc',
      LOG_LEVEL: 'loud',
      PUBLIC_BASE_URL: 'https://leads.example.com/some/path',
    });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const variables = loaded.problems.map((problem) => problem.variable).sort();
    expect(variables).toEqual(['DATABASE_URL', 'HUBSPOT_PORTAL_ID', 'LOG_LEVEL', 'PORT', 'PUBLIC_BASE_URL']);
    const text = formatConfigProblems(loaded.problems);
    expect(text).toContain('5 problems');
    expect(text).toContain('PORT: must be an integer port');
  });

  it('waits 60 s for PostgreSQL by default, and takes a whole number of seconds up to an hour', () => {
    const loaded = loadConfig({});
    expect(loaded.ok && loaded.config.DATABASE_WAIT_SECONDS).toBe(60);
    const zero = loadConfig({ DATABASE_WAIT_SECONDS: '0' });
    expect(zero.ok && zero.config.DATABASE_WAIT_SECONDS).toBe(0);
    for (const bad of ['-1', '1.5', 'soon', '3601']) {
      const refused = loadConfig({ DATABASE_WAIT_SECONDS: bad });
      expect(refused.ok ? [] : refused.problems).toEqual([
        {
          variable: 'DATABASE_WAIT_SECONDS',
          message: 'must be a whole number of seconds between 0 and 3600',
        },
      ]);
    }
  });

  it('refuses a DATABASE_URL that is not a parseable postgres:// URL, and takes the socket form', () => {
    for (const bad of ['postgres://leads:pw@db:port/leads', 'postgres://', 'postgresql:db/leads']) {
      const refused = loadConfig({ DATABASE_URL: bad });
      expect(refused.ok ? [] : refused.problems.map((problem) => problem.variable)).toEqual(['DATABASE_URL']);
    }
    for (const good of [
      'postgres://leads:p%40ss@db.internal:5432/leads?sslmode=require',
      'postgresql://leads@[::1]/leads',
      'postgres:///leads?host=/var/run/postgresql',
    ]) {
      expect(loadConfig({ DATABASE_URL: good }).ok, good).toBe(true);
    }
  });

  it('never lets a secret reach a log line or JSON', () => {
    const loaded = loadConfig({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-fake-token-for-env-test',
      HUBSPOT_CLIENT_SECRET: 'client-secret-value',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.test/services/T000/B000/XXXX',
    });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    logger.info({ config: loaded.config }, 'config');
    const output =
      lines.join('') + JSON.stringify(loaded.config) + String(loaded.config.HUBSPOT_ACCESS_TOKEN);
    expect(output).not.toContain('pat-na1');
    expect(output).not.toContain('client-secret-value');
    expect(output).not.toContain('hooks.slack.test');
    expect(loaded.config.HUBSPOT_ACCESS_TOKEN?.reveal()).toContain('pat-na1');
  });
});
