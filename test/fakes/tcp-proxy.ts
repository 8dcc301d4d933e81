import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * The faults a {@link TcpProxy} can inject between a client and a real server on loopback:
 * `pass` forwards; `down` closes every connection and refuses new ones (the server is gone);
 * `slow` delays each chunk by `delayMs` in both directions; `reset` destroys every open
 * connection once (RST-like), then passes again.
 */
export type ProxyMode = { kind: "pass" } | { kind: "down" } | { kind: "slow"; delayMs: number };

/** A loopback TCP proxy in front of a real server (Redis, a platform fake), for fault tests. */
export interface TcpProxy {
  /** The port clients connect to. */
  port: number;
  set(mode: ProxyMode): void;
  /** Destroys every open connection now (a connection reset), leaving the mode as it is. */
  reset(): void;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free loopback port that forwards to `127.0.0.1:targetPort`.
 *
 * @example
 * const proxy = await startTcpProxy(redis.port);
 * const store = await createRedisStore({ url: `redis://127.0.0.1:${proxy.port}` });
 * proxy.set({ kind: "down" }); // Redis "stops"
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let mode: ProxyMode = { kind: "pass" };
  let accepted = 0;
  const pairs = new Set<[Socket, Socket]>();

  const pipe = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Buffer) => {
      if (mode.kind === "slow") {
        from.pause();
        setTimeout(() => {
          if (!to.destroyed) to.write(chunk);
          from.resume();
        }, mode.delayMs);
      } else if (!to.destroyed) to.write(chunk);
    });
  };

  const server: Server = createServer((client) => {
    if (mode.kind === "down") {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(targetPort, "127.0.0.1");
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  if (!addr || typeof addr !== "object") throw new Error("proxy has no port");

  const reset = () => {
    for (const [a, b] of [...pairs]) {
      a.resetAndDestroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    port: addr.port,
    set(next) {
      mode = next;
      if (next.kind === "down") reset();
    },
    reset,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        reset();
        server.close(() => resolve());
      }),
  };
}
