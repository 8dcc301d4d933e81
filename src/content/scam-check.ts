import { compileScamRules, type ScamRules } from "../scam/rules.js";
import type { Diagnostic, PathKey, SourceFile } from "./diagnostics.js";
import type { ContentPack } from "./pack.js";
import type { ScamFile } from "./scam-schema.js";
import { SCAM_UI_KEYS, type LocalizedText } from "./schema.js";

/**
 * Rules of `scam.yaml` that span files, and its compilation: `afterTask` names a task, `report`
 * names contacts of pack.yaml, every label and the checker's UI strings (ui.yaml) exist in every
 * pack locale, every pattern compiles. Returns the compiled rules when there was no problem.
 */
export function checkScam(src: SourceFile, file: ScamFile, pack: ContentPack, diags: Diagnostic[]): ScamRules | undefined {
  const before = diags.length;
  const report = (path: PathKey[], message: string) => diags.push({ file: src.file, line: src.lineOf(path), message });
  const locales = pack.meta.locales;
  const text = (path: PathKey[], t: LocalizedText, what: string) => {
    for (const loc of locales) if (!t[loc]?.trim()) report(path, `${what}: text missing for locale '${loc}'`);
  };
  if (!pack.taskById.has(file.afterTask)) report(["afterTask"], `unknown task id '${file.afterTask}'`);
  const contacts = new Set(pack.contacts.map((c) => c.id));
  file.report.forEach((id, i) => {
    if (!contacts.has(id)) report(["report", i], `unknown contact id '${id}' (contacts are declared in pack.yaml)`);
  });
  const seen = new Set<string>();
  file.brands.forEach((b, i) => {
    if (seen.has(b.id)) report(["brands", i, "id"], `duplicate brand id '${b.id}'`);
    seen.add(b.id);
    text(["brands", i, "name"], b.name, `brand '${b.id}' name`);
  });
  file.lures.forEach((l, i) => text(["lures", i, "label"], l.label, `lure '${l.id}' label`));
  file.signals.secrets.forEach((s, i) => text(["signals", "secrets", i, "label"], s.label, `secret '${s.id}' label`));
  const ui = pack.ui as Partial<Record<string, LocalizedText>>;
  for (const k of SCAM_UI_KEYS) {
    const t = ui[k];
    if (!t) diags.push({ file: src.file, line: 1, message: `the checker needs UI string '${k}' in ui.yaml` });
    else for (const loc of locales) if (!t[loc]?.trim()) diags.push({ file: src.file, line: 1, message: `UI string '${k}' (ui.yaml) missing for locale '${loc}'` });
  }
  const numbers = pack.contacts.flatMap((c) => (c.phone ? [c.phone] : []));
  const { rules, problems } = compileScamRules(file, numbers);
  for (const p of problems) report(p.path, p.message);
  return diags.length === before ? rules : undefined;
}
