import type { FeedbackDto, FunnelDto, KpiTreeDto, SlaDto } from '@lead-handoff/shared/dto';

// The parts of each answer a page reads before it draws anything. A backend of another version
// (or a proxy page) that answers 200 with something else gets a worded error, not a crash.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(value: unknown, objects: readonly string[], arrays: readonly string[]): boolean {
  if (!isObject(value)) return false;
  return objects.every((key) => isObject(value[key])) && arrays.every((key) => Array.isArray(value[key]));
}

export const looksLikeFunnel = (data: unknown): data is FunnelDto => has(data, ['total'], ['groups']);

export const looksLikeFeedback = (data: unknown): data is FeedbackDto =>
  has(data, ['verdicts'], ['byReason', 'byCondition', 'byChannel']);

export const looksLikeSla = (data: unknown): data is SlaDto => has(data, ['handoff', 'verdict'], ['byOwner']);

export const looksLikeKpiTree = (data: unknown): data is KpiTreeDto => has(data, ['kgi'], ['nodes']);
