import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

// Just enough of a PostgreSQL server to refuse a login the way a real one does (the local test
// server trusts every connection, so a wrong password cannot be tried on it). Message formats:
// https://www.postgresql.org/docs/current/protocol-message-formats.html; the exchange:
// https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP: the server
// asks for a password (AuthenticationCleartextPassword), reads the PasswordMessage, then sends an
// ErrorResponse (severity FATAL, SQLSTATE 28P01) and closes the connection.

function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

function errorResponse(fields: Readonly<Record<string, string>>): Buffer {
  const parts = Object.entries(fields).map(([code, value]) => Buffer.from(`${code}${value}\0`));
  return message('E', Buffer.concat([...parts, Buffer.from([0])]));
}

export interface FakePostgres {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** A server that refuses every login with "password authentication failed" (28P01). */
export async function startPasswordRefusingPostgres(user: string, password: string): Promise<FakePostgres> {
  let connections = 0;
  const server: Server = createServer((socket: Socket) => {
    connections += 1;
    let startedUp = false;
    socket.on('data', () => {
      if (!startedUp) {
        startedUp = true;
        const cleartext = Buffer.alloc(4);
        cleartext.writeInt32BE(3);
        socket.write(message('R', cleartext));
        return;
      }
      socket.end(
        errorResponse({
          S: 'FATAL',
          V: 'FATAL',
          C: '28P01',
          M: `password authentication failed for user "${user}"`,
        }),
      );
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/leads`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A free loopback port nothing listens on (yet): connections to it are refused. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

export interface Gate {
  readonly port: number;
  /** From now on, connections reach the target. */
  open(): void;
  close(): Promise<void>;
}

/**
 * A PostgreSQL that "comes up" on demand: until `open()`, every connection is accepted and dropped
 * at once, as a server still starting or restarting does (pg: "Connection terminated
 * unexpectedly"); after it, connections are forwarded to `target`. It holds its port from the
 * start, so no other process can take it in between.
 */
export async function startGate(target: { host: string; port: number }): Promise<Gate> {
  const sockets = new Set<Socket>();
  let open = false;
  const server = createServer((socket) => {
    if (!open) {
      socket.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    open: () => {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
