/**
 * A bounded memo for pure functions of a string (least recently used entries go first). The
 * matcher's verdict depends only on the text, and one turn asks for the same text several times
 * (routing, follow-ups, several questions, moves); on breach day many people also send the very
 * same words. Results are frozen, so a caller cannot change what the next one gets.
 */
export function memoByText<T extends object>(fn: (text: string) => T, size = 2048): (text: string) => T {
  const memo = new Lru<T>(size);
  return (text) => {
    const hit = memo.get(text);
    if (hit !== undefined) return hit;
    const v = deepFreeze(fn(text));
    memo.set(text, v);
    return v;
  };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/**
 * A bounded map that keeps what was used lately: two generations of at most `size / 2` entries;
 * when the newer is full it becomes the older and the older is dropped; a hit in the older moves
 * the entry up. No delete on a hit (reordering a Map per lookup cost more than the lookup).
 */
class Lru<V> {
  private fresh = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly half: number;
  constructor(size: number) {
    this.half = Math.max(1, Math.floor(size / 2));
  }
  get(k: string): V | undefined {
    const v = this.fresh.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) this.set(k, o);
    return o;
  }
  set(k: string, v: V): void {
    if (this.fresh.size >= this.half) {
      this.old = this.fresh;
      this.fresh = new Map();
    }
    this.fresh.set(k, v);
  }
}

const MISSING = Symbol("undefined");

/**
 * A bounded memo for a pure function of an owner object (a content pack, a rule set: never
 * changed once loaded, a reloaded pack is a new object) and a text; `undefined` results are
 * kept too. Results are shared between callers, who must not change them.
 */
export function memoPerOwner<O extends object, A extends unknown[], R>(fn: (owner: O, ...args: A) => R, keyOf: (...args: A) => string, size = 1024): (owner: O, ...args: A) => R {
  const byOwner = new WeakMap<O, Lru<R | typeof MISSING>>();
  return (owner, ...args) => {
    let lru = byOwner.get(owner);
    if (!lru) byOwner.set(owner, (lru = new Lru(size)));
    const k = keyOf(...args);
    const hit = lru.get(k);
    if (hit !== undefined) return hit === MISSING ? (undefined as R) : hit;
    const v = fn(owner, ...args);
    lru.set(k, v === undefined ? MISSING : v);
    return v;
  };
}

/** {@link memoByText} for a function returning a string (no freezing needed). */
export function memoString(fn: (text: string) => string, size = 1024): (text: string) => string {
  const lru = new Lru<string>(size);
  return (text) => {
    const hit = lru.get(text);
    if (hit !== undefined) return hit;
    const v = fn(text);
    lru.set(text, v);
    return v;
  };
}
