import { spawn } from 'node:child_process';

// An HTTP client in a child process. In the test process nock's interceptor sits in front of every
// request: it buffers a body until it is complete and decodes what it relays, so a test cannot cut
// an upload short or send raw bytes (bad gzip) through it.

const CLIENT = `
const { request } = require('node:http');
const input = JSON.parse(process.env.CHILD_REQUEST);
const req = request({ host: '127.0.0.1', port: input.port, method: input.method, path: input.path,
  headers: input.headers }, (res) => {
  const chunks = [];
  res.on('data', (chunk) => chunks.push(chunk));
  res.on('end', () => {
    process.stdout.write(JSON.stringify({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
  });
});
req.on('error', (error) => process.stdout.write(JSON.stringify({ status: 0, body: error.message })));
const body = Buffer.from(input.body, 'base64');
if (input.abortAfterMs === null) req.end(body);
else req.write(body, () => setTimeout(() => req.destroy(), input.abortAfterMs));
`;

export interface ChildRequest {
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
  /** Send the body, then drop the connection this long after, without ending the request. */
  readonly abortAfterMs?: number;
}

export interface ChildResponse {
  /** 0 when the connection failed or was dropped before an answer. */
  readonly status: number;
  readonly body: string;
}

export function sendFromChild(input: ChildRequest): Promise<ChildResponse> {
  const child = spawn(process.execPath, ['-e', CLIENT], {
    env: {
      CHILD_REQUEST: JSON.stringify({
        ...input,
        body: Buffer.from(input.body).toString('base64'),
        abortAfterMs: input.abortAfterMs ?? null,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out) as ChildResponse);
      } catch {
        resolve({ status: 0, body: out });
      }
    });
  });
}
