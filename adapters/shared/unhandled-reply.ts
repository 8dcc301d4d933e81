/**
 * Ends a renderer's `switch` over reply kinds: leaving a kind out is a compile error, and a
 * kind that arrives anyway (a newer core) is a bug, thrown for the adapter edge to log.
 *
 * @example default: return unhandledReply(r);
 */
export function unhandledReply(reply: never): never {
  throw new Error(`unhandled reply ${JSON.stringify(reply)}`);
}
