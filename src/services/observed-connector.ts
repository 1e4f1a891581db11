import type { ConnectorError, ConnectorProvider } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import type { ConnectorHealth } from './connector-health.ts';

/**
 * Wraps every Result-returning method of a connector so /readyz and /metrics see its outcomes,
 * without the connector knowing about either.
 */
export function observeConnector<T extends object>(
  provider: ConnectorProvider,
  connector: T,
  health: ConnectorHealth,
  count: (outcome: string) => void,
): T {
  return new Proxy(connector, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const method = value as (...a: unknown[]) => Promise<Result<unknown, ConnectorError>>;
        const result = await method.apply(target, args);
        if (result.ok) {
          health.recordSuccess(provider);
          count('ok');
        } else {
          health.recordFailure(provider, result.error);
          count(result.error.code);
        }
        return result;
      };
    },
  });
}
