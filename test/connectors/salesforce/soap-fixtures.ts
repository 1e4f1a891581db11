// Metadata API SOAP exchanges for nock, at the path jsforce posts to: {instance}/services/Soap/m/{version}
// (MetadataApi._invoke in jsforce 3.10.26). Response bodies follow the Metadata API Developer Guide
// ("deploy()", "checkDeployStatus()", "DeployResult", "DeployMessage"); a fault comes back as HTTP
// 500 with a soapenv:Fault, which jsforce turns into an error whose errorCode is the faultcode.
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import nock from 'nock';

export const INSTANCE = 'https://leadhandoff-demo.my.salesforce.com';
export const DEPLOY_ID = '0Af5g00000LhDepAAB';

export function soapPath(version = '62.0'): string {
  return `/services/Soap/m/${version}`;
}

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/salesforce/${name}`, import.meta.url), 'utf8');
}

export function inProgress(deployed: number): string {
  return fixture('soap-check-deploy-in-progress.xml').replace('__DEPLOYED__', String(deployed));
}

export function succeeded(checkOnly = false): string {
  return fixture('soap-check-deploy-succeeded.xml').replace('__CHECK_ONLY__', String(checkOnly));
}

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };

/** What a deploy request carried: its options and the files of its zip. */
export interface SentDeploy {
  sessionId: string | null;
  options: string;
  files: Map<string, string>;
}

export function readDeployRequest(body: string): SentDeploy {
  const zip = /<ZipFile>([^<]*)<\/ZipFile>/.exec(body)?.[1] ?? '';
  const unzipped = unzipSync(Buffer.from(zip, 'base64'));
  return {
    sessionId: /<sessionId>([^<]*)<\/sessionId>/.exec(body)?.[1] ?? null,
    options: /<DeployOptions>(.*)<\/DeployOptions>/.exec(body)?.[1] ?? '',
    files: new Map(Object.entries(unzipped).map(([path, data]) => [path, strFromU8(data)])),
  };
}

/**
 * A deploy answered Queued, then `polls` checkDeployStatus answers: InProgress for all but the
 * last, then `final`. Records every request body it saw.
 */
export function deployScope(options: { polls: number; final: string; version?: string; token?: string }): {
  scope: nock.Scope;
  deploys: SentDeploy[];
  checks: string[];
} {
  const deploys: SentDeploy[] = [];
  const checks: string[] = [];
  const path = soapPath(options.version);
  const auth = (body: string) =>
    options.token === undefined || body.includes(`<sessionId>${options.token}</sessionId>`);
  const scope = nock(INSTANCE)
    .post(path, (body: string) => {
      if (!body.includes('<deploy>') || !auth(body)) return false;
      deploys.push(readDeployRequest(body));
      return true;
    })
    .matchHeader('soapaction', '""')
    .reply(200, fixture('soap-deploy-queued.xml'), XML);
  const check = (body: string) => {
    if (!body.includes('<checkDeployStatus>') || !auth(body)) return false;
    checks.push(body);
    return true;
  };
  for (let i = 1; i < options.polls; i++) {
    scope.post(path, check).reply(200, inProgress(i * 10), XML);
  }
  scope.post(path, check).reply(200, options.final, XML);
  return { scope, deploys, checks };
}

export function soapFault(name: string, version = '62.0'): nock.Scope {
  return nock(INSTANCE).post(soapPath(version)).reply(500, fixture(name), XML);
}

/** A clock the poll loop sleeps on: sleeping moves it on at once. */
export function fakeClock(start = Date.parse('2026-11-20T01:10:00Z')) {
  const clock = { now: start, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
  };
}
