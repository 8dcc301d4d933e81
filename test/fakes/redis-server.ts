/**
 * A real `redis-server` for tests and the benchmark (`bench/`), on a free loopback port in a
 * temporary folder; `stop()` stops it and removes the folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A `redis-server` child process on a loopback port, with its own temporary folder. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Its working folder (removed by `stop`). */
  dir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Append-only file with fsync every second (how production runs); default off (no persistence). */
  appendOnly?: boolean;
  /** The executable; default `redis-server` from PATH. */
  bin?: string;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });

const ping = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let buf = "";
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once("error", () => done(false));
    sock.once("connect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => {
      buf += d.toString();
      if (buf.includes("\r\n")) done(buf.startsWith("+PONG"));
    });
  });

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

/**
 * Starts a real `redis-server` on a free loopback port (for tests and `npm run bench`), waits
 * until it answers PING, and returns how to reach and stop it. Throws with an install hint when
 * the executable is missing.
 *
 * @example
 * const redis = await startRedisServer();
 * const store = await createRedisStore({ url: redis.url });
 * // …
 * await store.close();
 * await redis.stop();
 */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-redis-"));
  let lastError = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const persistence = opts.appendOnly ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"];
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence, "--dir", dir, "--logfile", ""];
    const child = spawn(opts.bin ?? "redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const failed = new Promise<string>((resolve) => {
      child.once("error", (err: NodeJS.ErrnoException) =>
        resolve(err.code === "ENOENT" ? "redis-server is not installed (Debian: apt-get install redis-server), or set REDIS_URL" : err.message),
      );
      child.once("exit", (code) => resolve(`redis-server exited with code ${code}: ${output.trim().split("\n").slice(-3).join(" | ")}`));
    });
    let failure: string | undefined;
    void failed.then((f) => (failure = f));
    const deadline = Date.now() + 10_000;
    while (!failure && Date.now() < deadline) {
      if (await ping(port)) {
        const killOnExit = () => child.kill("SIGKILL");
        process.once("exit", killOnExit);
        return {
          url: `redis://127.0.0.1:${port}`,
          port,
          dir,
          async stop() {
            process.off("exit", killOnExit);
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
            await exited(child);
            clearTimeout(timer);
            await rm(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    await exited(child);
    lastError = failure ?? "redis-server did not answer within 10 s";
    if (lastError.startsWith("redis-server is not installed")) break;
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(lastError);
}
