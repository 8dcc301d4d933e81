import { Redis } from "ioredis";

/**
 * Reload messages between instances on one Redis: `afterleak reload` publishes on a channel
 * (`RELOAD_CHANNEL`), every running instance subscribes and re-reads its pack. The message
 * carries no data.
 */
export interface ReloadBus {
  /** Subscribes; `onReload` runs for every message. Resolves once subscribed. */
  subscribe(onReload: () => void): Promise<void>;
  /** Publishes a reload request; resolves to the number of instances that received it. */
  publish(): Promise<number>;
  close(): Promise<void>;
}

/** Opens the bus on `url` (a Redis URL) and `channel`. Connections open on first use. */
export function createReloadBus(url: string, channel: string): ReloadBus {
  let sub: Redis | undefined;
  let pub: Redis | undefined;
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
    async close() {
      await Promise.allSettled([sub?.quit(), pub?.quit()]);
    },
  };
}
