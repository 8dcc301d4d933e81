import { hostname } from "node:os";
import { Redis } from "ioredis";
import type { ReloadStatus } from "./run-files.js";

/** What an instance reports after a reload requested on the bus (no user data). */
export interface ReloadReport extends ReloadStatus {
  instance: string;
}

/**
 * Reload messages between instances on one Redis: `afterleak reload` publishes on a channel
 * (`RELOAD_CHANNEL`), every running instance subscribes and re-reads its pack, then reports the
 * outcome on `<channel>:outcome` so the command can print refused packs. No user data travels.
 */
export interface ReloadBus {
  /** Subscribes; `onReload` runs for every message. Resolves once subscribed. */
  subscribe(onReload: () => void): Promise<void>;
  /** Publishes a reload request; resolves to the number of instances that received it. */
  publish(): Promise<number>;
  /** Reports this instance's reload outcome. */
  report(status: ReloadStatus): Promise<void>;
  /** Listens for outcomes (before `publish`, so none is missed). Resolves once subscribed. */
  onReport(listener: (report: ReloadReport) => void): Promise<void>;
  close(): Promise<void>;
}

/** Opens the bus on `url` (a Redis URL) and `channel`. Connections open on first use. */
export function createReloadBus(url: string, channel: string): ReloadBus {
  let sub: Redis | undefined;
  let pub: Redis | undefined;
  let reports: Redis | undefined;
  const outcomes = `${channel}:outcome`;
  const open = () => {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    // Reconnects are retried by ioredis; without a listener it would print each attempt to stderr.
    r.on("error", () => undefined);
    return r;
  };
  return {
    async subscribe(onReload) {
      sub ??= open();
      sub.on("message", (ch: string) => {
        if (ch === channel) onReload();
      });
      await sub.subscribe(channel);
    },
    async publish() {
      pub ??= open();
      return pub.publish(channel, "reload");
    },
    async report(status) {
      pub ??= open();
      await pub.publish(outcomes, JSON.stringify({ ...status, instance: `${hostname()}:${process.pid}` } satisfies ReloadReport));
    },
    async onReport(listener) {
      reports ??= open();
      reports.on("message", (ch: string, message: string) => {
        if (ch !== outcomes) return;
        try {
          listener(JSON.parse(message) as ReloadReport);
        } catch {
          // Not a report written by afterleak: ignored.
        }
      });
      await reports.subscribe(outcomes);
    },
    async close() {
      await Promise.allSettled([sub?.quit(), pub?.quit(), reports?.quit()]);
    },
  };
}
