import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";

/** One problem in a content or config file, printed as `file:line: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/** Formats diagnostics one per line, sorted by file and line. */
export function formatDiagnostics(diags: readonly Diagnostic[]): string {
  return [...diags]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
    .map((d) => `${d.file}:${d.line}: ${d.message}`)
    .join("\n");
}

/** Thrown at start-up when a content pack or configuration is broken; carries every problem. */
export class DiagnosticsError extends Error {
  constructor(
    readonly what: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(`${what}: ${diagnostics.length} problem(s)\n${formatDiagnostics(diagnostics)}`);
    this.name = "DiagnosticsError";
  }
}

export type PathKey = string | number;

/** A parsed YAML file that can turn a data path into a line number. */
export interface SourceFile {
  file: string;
  data: unknown;
  /** Line of the node at `path`, or of its closest existing ancestor. */
  lineOf(path: readonly PathKey[], key?: string): number;
  /** The raw lines of the file (for line comments such as `# lint-ignore`). */
  lines?: readonly string[];
  /** First and last line of the value at `path` (a block text spans several), or of its closest ancestor. */
  spanOf?(path: readonly PathKey[]): { start: number; end: number };
}

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
