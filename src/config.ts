import { z } from "zod";
import { isTimeZone } from "./time-zone.js";
import { defaultContentDir } from "./content/pack-dirs.js";

/** A yes/no environment variable ("true", "false", "1", "0", "yes", "no"), for channel config fragments too. */
export const envFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");
/** A whole-number environment variable between `min` and `max`, for channel config fragments too. */
export const envInt = (min: number, max: number) =>
  z.coerce.number({ message: "expected a whole number" }).int("expected a whole number").min(min).max(max);

/**
 * The environment variables the core reads, validated. Each channel adds its own variables
 * (`ChannelModule.configSchema`, merged by {@link parseConfig}). `.env.example` documents each.
 */
export const configSchema = z.object({
  /** The content pack(s): a pack folder, a comma list of them, or a folder of packs; default package.json `afterleak.defaultPack`. */
  CONTENT_DIR: z.string().min(1).default(() => defaultContentDir()),
  DATA_DIR: z.string().min(1).default("data"),
  STORE_URL: z
    .string()
    .regex(/^(lowdb|memory|redis|rediss):/, "expected lowdb:<path>, memory: or redis://host:port")
    .optional(),
  AFTERLEAK_SECRET: z.string().min(32, "must be at least 32 characters (it keys the pseudonymous user ids)").optional(),
  RETENTION_DAYS: envInt(1, 3650).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MAX_INPUT_CHARS: envInt(50, 100_000).default(2000),
  RATE_LIMIT_PER_MINUTE: envInt(1, 10_000).default(20),
  /** Longest wait for the store on one turn; past it the user is told of a technical problem (store/guarded.ts). */
  STORE_DEADLINE_MS: envInt(100, 60_000).default(2000),
  /** With a Redis store: the pub/sub channel on which `afterleak reload` asks every instance to re-read its content pack. */
  RELOAD_CHANNEL: z.string().min(1).max(200).default("afterleak:reload"),
  /**
   * How far V8 lets the old generation grow past what survived its last full collection, in %
   * (`--heap-growing-percent`); 0 leaves V8's own heuristic, which lets it reach 4x on a fast
   * machine: a 100k broadcast's short-lived garbage took a 65 MB heap to 390 MB of RSS.
   */
  HEAP_GROWING_PERCENT: envInt(0, 300).default(50),
  /** The users' time zone for reminders' quiet hours and dates (an IANA name `Intl` knows). */
  REMINDER_TIME_ZONE: z.string().refine(isTimeZone, "expected an IANA time zone such as Asia/Seoul").default("Asia/Seoul"),
  /** Hours in which no reminder is sent, `START-END` in whole local hours (21-8 is 21:00 to 08:00), or `off`. */
  REMINDER_QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]?\d|2[0-3])-([01]?\d|2[0-3]))$/, "expected START-END in hours 0-23, such as 21-8, or off")
    .default("21-8")
    .transform((v) => (v === "off" ? { start: 0, end: 0 } : { start: Number(v.split("-")[0]), end: Number(v.split("-")[1]) })),
});
export type Config = z.infer<typeof configSchema>;

/** A bad environment variable: its name and what is allowed. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** A channel's own variables: a zod object of environment variable names (see `ChannelModule.configSchema`). */
export type ConfigFragment = z.ZodObject;

/**
 * Parses configuration from an environment (default `process.env`): the core variables plus each
 * channel's `fragments`, in one pass, so every problem is reported at once with its variable.
 * Empty strings count as unset. `C` is the fragments' combined type (the caller names it).
 *
 * @example const { config, problems } = parseConfig({ WEB_PORT: "abc" }, [webConfigSchema]); // problems[0].variable === "WEB_PORT"
 */
export function parseConfig<C extends object = object>(
  env: Record<string, string | undefined> = process.env,
  fragments: readonly ConfigFragment[] = [],
): { config?: Config & C; problems: ConfigProblem[] } {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const schema = fragments.reduce<z.ZodObject>((all, f) => all.extend(f.shape), configSchema);
  const res = schema.safeParse(clean);
  // The merged object's output is the core config plus each fragment's output, which is what C names.
  if (res.success) return { config: res.data as Config & C, problems: [] };
  return {
    problems: res.error.issues.map((i) => ({ variable: String(i.path[0] ?? "?"), message: i.message })),
  };
}
