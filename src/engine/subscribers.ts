import { createSealer } from "../privacy/seal.js";
import type { Store } from "../store/store.js";
import type { UserRef } from "./events.js";

/** A subscriber as the sender needs them: the pseudonymous key and the platform route back. */
export interface Subscriber {
  key: string;
  platform: string;
  userId: string;
}

const PREFIX = "subscriber:";

/**
 * Who asked for incident updates: per user a setting `subscriber:<key>` holding the platform and
 * platform id sealed (AES-256-GCM, bound to the key) like a ticket's route back (tickets.ts),
 * owned by the key so `forget` and the retention purge delete it with the user.
 */
export interface SubscriberIndex {
  add(user: Pick<UserRef, "platform" | "userId">, key: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Every subscriber whose route opens (a record sealed under another secret is skipped). */
  list(): AsyncIterable<Subscriber>;
}

/** The subscriber index over the store's settings. */
export function createSubscriberIndex(store: Store, sealKey: Buffer): SubscriberIndex {
  const sealer = createSealer(sealKey);
  return {
    add: (user, key) => store.setSetting(PREFIX + key, sealer.seal(key, JSON.stringify([user.platform, user.userId])), { owner: key }),
    remove: (key) => store.setSetting(PREFIX + key, undefined),
    async *list() {
      for await (const [name, sealed] of store.listSettings(PREFIX)) {
        const key = name.slice(PREFIX.length);
        const opened = sealer.unseal(key, sealed);
        if (opened === undefined) continue;
        const [platform, userId] = JSON.parse(opened) as unknown[];
        if (typeof platform === "string" && typeof userId === "string") yield { key, platform, userId };
      }
    },
  };
}
