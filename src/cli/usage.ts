/** The `afterleak help` text; the composition root's extra commands go between it and {@link USAGE_FOOTER}. */
export const USAGE = `afterleak: a chatbot for people whose personal data leaked

Usage: afterleak <command> [options]

  start                     run the bot on every configured channel (a local chat when no token is set)
  chat                      chat in this terminal (numbered choices; reads piped stdin line by line)
  check-content [DIR] [--strict] [--today YYYY-MM-DD] [--write-cache]   validate a content pack (default: CONTENT_DIR), then lint
                            freshness and wording (warnings; errors with --strict); --write-cache: also train and
                            cache its matcher model in DATA_DIR/matcher-cache/
  new-pack DIR [--id ID] [--locales ko,en] [--default LOCALE]   scaffold a content pack for a new incident (every TODO is
                            reported by check-content as file:line; content/FORMAT.md has the guide)
  reload                    make the running bot re-read its content pack (SIGHUP to the pids in DATA_DIR/run, or Redis pub/sub)
  classify [--pack DIR]     JSON Lines {"text","locale"?} on stdin -> {"topic","score","alternatives"} per line
  eval FILE [--json] [--misses] [--pack DIR]   matcher accuracy on labelled JSON Lines {"text","locale","expect"}
  eval-routing FILE [--json]   several packs (CONTENT_DIR=a,b): routing of {"text","locale","pack"} lines to their pack
  check-message             JSON Lines {"text","locale"?} on stdin -> {"verdict","flags","score"} per line (is it a scam?)
  eval-check FILE [--json] [--misses]   scam checker figures on labelled JSON Lines {"text","locale","verdict"}
  eval-conversations FILE [--json]   conversation moves, prompts and follow-ups on labelled JSON Lines {"id","locale","turns","expect"}
  forget --platform P --user ID   delete everything kept about one user (support staff)
  purge                     delete users idle longer than RETENTION_DAYS
  broadcast FILE.yaml [--dry-run] [--pack ID] [--channel NAME] [--json]   send an incident update to
                            every subscriber in their language, once per id (a running lowdb instance sends it)
  stats [--since 7d] [--json] [--top 10]      conversations, deflection, fallbacks, helpfulness, top topics, task funnel
  unanswered [--format jsonl] [--since 30d]   unanswered questions (redacted, grouped) for content work
  help                      this text
`;

export const USAGE_FOOTER = `
Configuration comes from the environment and .env (see .env.example).
`;
