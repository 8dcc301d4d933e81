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
