import { createMemoryStore, type Store } from "../../src/index.js";

/** A working store whose calls can be held (the store "hangs") and let go again. */
export function holdableStore(): Store & { hold(): void; release(): void } {
  const inner = createMemoryStore();
  let held: (() => void)[] | undefined;
  const gate = async () => {
    if (held) await new Promise<void>((resolve) => held!.push(resolve));
  };
  return {
    ...inner,
    get: async (k) => (await gate(), inner.get(k)),
    update: async (k, fn) => (await gate(), inner.update(k, fn)),
    record: async (e) => (await gate(), inner.record(e)),
    hold: () => void (held ??= []),
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const w of waiting) w();
    },
  };
}
