/**
 * A TCP proxy on loopback that a test controls, to put a database or Redis in the states a network
 * can: forwarding, frozen (connections stay open but nothing moves either way, new ones are accepted
 * and never reach the target: a hung host) and refusing (the port is closed, open connections drop).
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  /** The loopback port to point the client at. */
  port: number;
  /** Stops moving bytes; data is held, not lost, until {@link TcpProxy.resume}. */
  freeze(): void;
  resume(): void;
  /** Closes the port and drops every connection: clients see "connection refused". */
  refuse(): Promise<void>;
  /** Listens again on the same port, forwarding. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let frozen = false;
  const sockets = new Set<Socket>();
  /** Connections accepted while frozen, opened on resume. */
  const pending: (() => void)[] = [];
  /** One per direction of each connection: writes what was held while frozen. */
  const flushers = new Set<() => void>();

  const pipe = (from: Socket, to: Socket) => {
    const held: Buffer[] = [];
    from.on('data', (chunk: Buffer) => (frozen ? held.push(chunk) : to.write(chunk)));
    const flush = () => {
      for (const chunk of held.splice(0)) to.write(chunk);
    };
    flushers.add(flush);
    from.on('close', () => {
      flushers.delete(flush);
      to.destroy();
    });
    from.on('error', () => to.destroy());
  };

  const onConnection = (client: Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const open = () => {
      if (client.destroyed) return;
      const upstream = connect(target.port, target.host);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => undefined);
      pipe(client, upstream);
      pipe(upstream, client);
    };
    if (frozen) pending.push(open);
    else open();
  };

  let server: Server = createServer(onConnection);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };

  const closeAll = async () => {
    const closed = server.listening ? once(server, 'close') : Promise.resolve();
    server.close();
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  return {
    port,
    freeze() {
      frozen = true;
    },
    resume() {
      frozen = false;
      for (const flush of flushers) flush();
      for (const open of pending.splice(0)) open();
    },
    refuse: closeAll,
    async reopen() {
      frozen = false;
      pending.length = 0;
      server = createServer(onConnection);
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    close: closeAll,
  };
}

/** A proxy in front of the PostgreSQL of `databaseUrl`, and the same URL through it. */
export async function proxyDatabase(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(databaseUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const viaProxy = new URL(databaseUrl);
  viaProxy.port = String(proxy.port);
  return { proxy, url: viaProxy.toString() };
}
