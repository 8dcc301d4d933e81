import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { isCompiled, siblingScript } from "../runtime.js";

/**
 * The worker thread; from the TypeScript sources it first registers tsx's loader inside the
 * worker (execArgv loaders do not reach worker threads on Node 20).
 */
function startWorker(): Worker {
  const script = siblingScript(import.meta.url, "./dashboard-worker");
  if (isCompiled(import.meta.url)) return new Worker(script);
  const api = new URL("dist/esm/api/index.mjs", pathToFileURL(createRequire(import.meta.url).resolve("tsx/package.json"))).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(script).href)}); });`;
  return new Worker(code, { eval: true });
}

/** Requests to the dashboard worker (dashboard-worker.ts), each answered by id. */
export interface WorkerClient {
  /** The running worker, started (unref'd) at the first call and again after it failed. */
  worker(): Worker;
  /** A fresh request id (batches posted under an id belong to the request that later asks with it). */
  id(): number;
  /** Sends a request and waits for its answer. */
  ask<T>(msg: Record<string, unknown>, id?: number): Promise<T>;
  /** Rejects what still waits and stops the worker. */
  close(): Promise<void>;
}

/** `onFailure` runs when the worker dies (whatever it held is gone); the requests waiting on it are rejected. */
export function createWorkerClient(onFailure: () => void): WorkerClient {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (d: unknown) => void; reject: (e: Error) => void }>();
  const get = () => {
    if (worker) return worker;
    const w = startWorker();
    w.unref();
    w.on("message", (m: { id: number; result?: unknown; error?: string }) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error === undefined) p?.resolve(m.result);
      else p?.reject(new Error(m.error));
    });
    w.on("error", (err) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      worker = undefined;
      onFailure();
    });
    worker = w;
    return w;
  };
  return {
    worker: get,
    id: () => nextId++,
    ask<T>(msg: Record<string, unknown>, id = nextId++): Promise<T> {
      const w = get();
      const result = new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as (d: unknown) => void, reject }));
      w.postMessage({ ...msg, id });
      return result;
    },
    async close() {
      for (const p of waiting.values()) p.reject(new Error("dashboard runner closed"));
      waiting.clear();
      await worker?.terminate();
      worker = undefined;
    },
  };
}
