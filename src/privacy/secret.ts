import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The secret that keys pseudonymous user ids: from the environment, else `secret.key` in the
 * data folder, generated with 0600 permissions on first start. Losing it unlinks all stored users.
 */
export async function loadOrCreateSecret(dataDir: string, fromEnv?: string): Promise<string> {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, "secret.key");
  try {
    const s = (await readFile(file, "utf8")).trim();
    if (s.length >= 32) return s;
    throw new Error(`${file} is too short; delete it to generate a new one (stored users will be unlinked)`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}
