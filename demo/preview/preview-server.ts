// The preview's own HTTP server, started only by the demo (never by `npm start`): the bundled page,
// the signing proxy behind the stand-in `hubspot.fetch`, and read-only views of the simulated portal.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Request, Response } from 'express';
import { sendSigned } from '../signed-request.ts';
import type { HubSpotIdentity } from '../signed-request.ts';
import type { PreviewBundle } from './build-preview.ts';

export interface PreviewServerOptions {
  readonly bundle: PreviewBundle;
  readonly port: number;
  readonly host?: string;
  readonly backendUrl: string;
  readonly portalUrl: string;
  readonly clientSecret: string;
  readonly identity: HubSpotIdentity;
  readonly user: {
    readonly id: number;
    readonly email: string;
    readonly firstName: string;
    readonly lastName: string;
  };
  readonly timezone: string;
}

export interface PreviewServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

// hubspot.fetch gives up after 15 s, connect time included.
const FETCH_CAP_MS = 15_000;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

function hubSpotRefusal(res: Response, status: number, message: string): void {
  // The envelope HubSpot's proxy answers with when it refuses a fetch itself.
  res.status(status).json({ status: 'error', category: 'VALIDATION_ERROR', message });
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));

  app.get('/_preview/session', (_req, res) => {
    res.json({
      portalId: options.identity.portalId,
      appId: options.identity.appId,
      backendUrl: options.backendUrl,
      timezone: options.timezone,
      user: options.user,
    });
  });

  // What HubSpot's proxy does for `hubspot.fetch`: only URLs under the app's permitted origin
  // (BACKEND_URL), the user's identity appended to the query, the request signed (v3).
  app.post('/_preview/fetch', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { url?: unknown; method?: unknown; body?: unknown; timeout?: unknown };
    const url = typeof body.url === 'string' ? body.url : '';
    const method = typeof body.method === 'string' ? body.method.toUpperCase() : 'GET';
    if (!url.startsWith(`${options.backendUrl}/`)) {
      hubSpotRefusal(res, 400, `${url} is not in the app's permittedUrls.fetch (${options.backendUrl})`);
      return;
    }
    if (!METHODS.has(method)) {
      hubSpotRefusal(res, 400, `method ${method} is not supported by hubspot.fetch`);
      return;
    }
    const timeout =
      typeof body.timeout === 'number' && body.timeout > 0
        ? Math.min(body.timeout, FETCH_CAP_MS)
        : FETCH_CAP_MS;
    try {
      const answer = await sendSigned({
        method,
        url,
        ...(body.body === undefined ? {} : { body: body.body }),
        clientSecret: options.clientSecret,
        identity: options.identity,
        timeoutMs: timeout,
      });
      res.status(answer.status);
      res.type(answer.headers.get('content-type') ?? 'application/json');
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      hubSpotRefusal(
        res,
        502,
        `The backend did not answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });

  const portalView = (path: string) => async (req: Request, res: Response) => {
    const query = new URL(req.originalUrl, 'http://preview').search;
    const answer = await fetch(`${options.portalUrl}/_portal/${path}${query}`);
    res
      .status(answer.status)
      .type('application/json')
      .send(Buffer.from(await answer.arrayBuffer()));
  };
  app.get('/_preview/portal/contacts', portalView('contacts'));
  app.get('/_preview/portal/contacts/:id', (req: Request, res: Response) =>
    portalView(`contacts/${encodeURIComponent(String(req.params['id']))}`)(req, res),
  );

  app.use((req: Request, res: Response) => {
    const asset =
      req.method === 'GET'
        ? (options.bundle.assets.get(req.path) ??
          (req.path.includes('.') ? undefined : options.bundle.assets.get('/')))
        : undefined;
    if (!asset) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    res.type(asset.contentType).set('cache-control', 'no-store').send(asset.body);
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
