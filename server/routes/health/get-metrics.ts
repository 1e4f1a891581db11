import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';

export function getMetrics(registry: Registry) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  };
}
