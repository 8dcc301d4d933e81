import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic, PathKey, SourceFile } from "./diagnostics.js";

// Apart from diagnostics.ts so that a start from the cached pack (store/pack-cache-file.ts) never
// loads the YAML parser (about 80 ms of `afterleak start`): the loader imports this on a cache miss.

/** Parses YAML keeping positions; syntax errors become diagnostics. */
export function parseYamlFile(file: string, text: string, diags: Diagnostic[]): SourceFile | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  for (const e of [...doc.errors, ...doc.warnings]) {
    diags.push({ file, line: lc.linePos(e.pos[0]).line, message: e.message.split("\n")[0] ?? e.message });
  }
  if (doc.errors.length > 0) return undefined;
  const lineOf = (path: readonly PathKey[], key?: string): number => {
    const offset = offsetOf(doc, path, key);
    return offset === undefined ? 1 : lc.linePos(offset).line;
  };
  const spanOf = (path: readonly PathKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (!node || typeof node !== "object" || !("range" in node) || !node.range) continue;
      return { start: lc.linePos(node.range[0]).line, end: lc.linePos(Math.max(node.range[0], node.range[1] - 1)).line };
    }
    return { start: 1, end: 1 };
  };
  return { file, data: doc.toJS(), lineOf, lines: text.split(/\r?\n/), spanOf };
}

function offsetOf(doc: Document, path: readonly PathKey[], key?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (!node || typeof node !== "object" || !("range" in node) || !node.range) continue;
    if (n === path.length && key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      const k = pair?.key as Node | undefined;
      if (k?.range) return k.range[0];
    }
    if (n < path.length && (isMap(node) || isSeq(node))) {
      // The child is missing: point at the parent's key line, which names it best.
      return node.range[0];
    }
    return node.range[0];
  }
  return undefined;
}
