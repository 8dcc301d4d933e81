import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Adapter } from "lowdb";
import { z } from "zod";
import { StoreFileError, writeFileAtomic } from "./files.js";
import { userStateSchema } from "./state.js";

const shardSchema = z.object({ v: z.literal(1), users: z.record(z.string(), userStateSchema) });

/**
 * One shard in memory: each user's state kept as JSON text. Text is a third of the size of the
 * parsed objects, a copy for a reader is one `JSON.parse`, and writing the shard or the journal
 * needs no serialising.
 */
export interface Shard {
  v: 1;
  users: Map<string, string>;
}

/** Shard files of a store when not told otherwise. */
export const DEFAULT_SHARDS = 64;

/** The shard a user key belongs to. */
export const shardIndex = (key: string, shards: number) => createHash("md5").update(key).digest().readUInt32BE(0) % shards;

/** The file name of shard `i`. */
export const shardName = (i: number) => `users-${String(i).padStart(2, "0")}.json`;

/**
 * The lowdb adapter of one shard file, `{"v":1,"users":{"<key>":<state>,…}}`. Reading validates
 * every user; writing concatenates the users' JSON and replaces the file atomically.
 */
export class ShardFile implements Adapter<Shard> {
  constructor(
    readonly file: string,
    private readonly fsync: boolean,
  ) {}

  async read(): Promise<Shard | null> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new StoreFileError(this.file, (err as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new StoreFileError(this.file, `not valid JSON: ${(err as Error).message}`);
    }
    const res = shardSchema.safeParse(json);
    if (!res.success) throw new StoreFileError(this.file, `unexpected content at ${res.error.issues[0]?.path.join(".")}`);
    return { v: 1, users: new Map(Object.entries(res.data.users).map(([k, u]) => [k, JSON.stringify(u)])) };
  }

  async write(data: Shard): Promise<void> {
    const parts: string[] = [];
    for (const [key, json] of data.users) parts.push(`${JSON.stringify(key)}:${json}`);
    await writeFileAtomic(this.file, `{"v":1,"users":{${parts.join(",\n")}}}\n`, { fsync: this.fsync });
  }
}

/**
 * The file under `dir` that holds one user's state between compactions (shards are chosen by a
 * hash of the key).
 */
export function lowdbShardFile(dir: string, key: string, shards = DEFAULT_SHARDS): string {
  return join(dir, shardName(shardIndex(key, shards)));
}
