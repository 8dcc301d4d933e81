import { open, rename, rm } from "node:fs/promises";

/** A store file that exists but cannot be read; start-up stops and the file is left untouched. */
export class StoreFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `store file ${file} is unreadable (${reason}). It was left untouched: restore it from a backup, or move it away to start with an empty store.`,
    );
    this.name = "StoreFileError";
  }
}

/**
 * Replaces `file` atomically with `data`: write a private (0600) temporary file beside it, then
 * rename over the original. A crash at any moment leaves either the old or the new file whole.
 * `data` may be given in parts (an iterable read as it is written).
 */
export async function writeFileAtomic(file: string, data: string | Iterable<string>, opts: { fsync?: boolean } = {}): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, "w", 0o600);
  try {
    // Given in parts, the file is written part by part: a large file is never one string or buffer.
    if (typeof data === "string") await fh.writeFile(data, "utf8");
    else
      for (const part of data) {
        const buf = Buffer.from(part, "utf8");
        for (let at = 0; at < buf.length; ) at += (await fh.write(buf, at)).bytesWritten;
      }
    if (opts.fsync) await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
