import type { CliCommand } from "../src/channel-kit.js";
import { discordRegisterCommand } from "./discord/register-command.js";

/** Extra CLI commands that need a platform SDK (kept out of the core); cheap to import (no zod, no SDK): `help` lists them. */
export const commands: CliCommand[] = [discordRegisterCommand];
