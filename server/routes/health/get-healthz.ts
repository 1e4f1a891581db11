import type { Request, Response } from 'express';

export function getHealthz() {
  return (_req: Request, res: Response): void => {
    res.json({ status: 'ok' });
  };
}
