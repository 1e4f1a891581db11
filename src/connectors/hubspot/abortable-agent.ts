import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

// @hubspot/api-client 14 takes no AbortSignal: its Client accepts neither a signal, nor a fetch, nor
// an httpApi (a per-call `httpApi` option is typed, but the generated code sends through the
// configured one regardless). What it does accept is an `httpAgent`, and then it sends with
// node:http through that agent. So the call's signal travels with the call (AsyncLocalStorage) to
// this agent, which destroys the call's socket when the signal aborts: the request is cancelled on
// the wire, not merely forgotten while it runs on.

const callSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` with `signal` in force for every request it makes through an abortable agent. */
export function withAbortSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return callSignal.run(signal, work);
}

function cancelOnAbort(signal: AbortSignal | undefined, destroy: (reason: Error) => void): void {
  if (!signal) return;
  const abort = () => {
    destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  };
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
}

function connectionWithSignal(socket: Duplex | null | undefined): Duplex | null | undefined {
  cancelOnAbort(callSignal.getStore(), (reason) => socket?.destroy(reason));
  return socket;
}

function reusedWithSignal(request: http.ClientRequest): void {
  cancelOnAbort(callSignal.getStore(), (reason) => request.destroy(reason));
}

type Connected = (error: Error | null, stream: Duplex) => void;

// A new socket is made for the request in the calling context; a kept-alive one is handed to it:
// either way the current call's signal is hooked to what carries its request.
class AbortableHttpsAgent extends https.Agent {
  override createConnection(options: http.ClientRequestArgs, callback?: Connected) {
    return connectionWithSignal(super.createConnection(options, callback));
  }
  override reuseSocket(socket: Duplex, request: http.ClientRequest): void {
    super.reuseSocket(socket, request);
    reusedWithSignal(request);
  }
}

// The same for an http:// base URL (a local fake HubSpot in tests and benchmarks).
class AbortableHttpAgent extends http.Agent {
  override createConnection(options: http.ClientRequestArgs, callback?: Connected) {
    return connectionWithSignal(super.createConnection(options, callback));
  }
  override reuseSocket(socket: Duplex, request: http.ClientRequest): void {
    super.reuseSocket(socket, request);
    reusedWithSignal(request);
  }
}

/** A keep-alive agent for `baseUrl` whose requests die with their call's AbortSignal. */
export function createAbortableAgent(baseUrl: string): http.Agent {
  return new URL(baseUrl).protocol === 'http:'
    ? new AbortableHttpAgent({ keepAlive: true })
    : new AbortableHttpsAgent({ keepAlive: true });
}
