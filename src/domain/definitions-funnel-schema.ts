// The marketer sections of the definitions file: `funnel:` (where a contact's channel is read) and
// `kpi:` (the revenue target and the conversion rates the KPI tree back-calculates with). Closed
// objects like the rest: a typo'd key is an error.
import { z } from 'zod';
import { KPI_RATE_KEYS } from './kpi-tree.ts';
import type { KpiRateKey } from './kpi-tree.ts';

const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export const DEFAULT_CHANNEL_PROPERTY = 'hs_analytics_source';

export const funnelSection = z
  .strictObject({
    channelProperty: z
      .string()
      .regex(PROPERTY_NAME, 'is not a valid property internal name')
      .default(DEFAULT_CHANNEL_PROPERTY),
  })
  .prefault({});

const RATE_MESSAGE = "expected a fraction above 0 and at most 1 (e.g. 0.25), or 'trailing'";

function rate(key: KpiRateKey) {
  return z.unknown().superRefine((value, ctx) => {
    if (value === undefined) ctx.addIssue({ code: 'custom', message: `missing required key '${key}'` });
    else if (value === 'trailing') return;
    else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1)
      ctx.addIssue({ code: 'custom', message: `${RATE_MESSAGE}, got ${JSON.stringify(value)}` });
  }) as unknown as z.ZodType<number | 'trailing'>;
}

const positiveAmount = z
  .number({ error: 'expected a number' })
  .refine((value) => Number.isFinite(value) && value > 0, 'must be more than 0');

export const kpiSection = z.strictObject({
  period: z.enum(['month', 'quarter', 'year']),
  revenueTarget: positiveAmount,
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as JPY or USD'),
  averageDealSize: positiveAmount,
  rates: z.strictObject(
    Object.fromEntries(KPI_RATE_KEYS.map((key) => [key, rate(key)])) as Record<
      KpiRateKey,
      z.ZodType<number | 'trailing'>
    >,
  ),
  trailingDays: z.int().min(1).max(3660).default(180),
});
