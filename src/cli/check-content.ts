import { formatDiagnostics } from "../content/diagnostics.js";
import { parsePackDir } from "../content/loader.js";

/** `afterleak check-content [DIR]`: validates a pack; exit code 1 with every problem listed. */
export async function checkContentCommand(dir: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { pack, diagnostics } = await parsePackDir(dir);
  if (!pack) {
    err.write(`${formatDiagnostics(diagnostics)}\n${diagnostics.length} problem(s) in ${dir}\n`);
    return 1;
  }
  const phrases = pack.faq.reduce((n, e) => n + Object.values(e.phrases).flat().length, 0);
  out.write(
    `${dir}: ok (${pack.faq.length} FAQ entries, ${phrases} training phrases, ${pack.tasks.length} tasks, locales ${pack.meta.locales.join("/")}, reviewed ${pack.meta.reviewed})\n`,
  );
  return 0;
}
