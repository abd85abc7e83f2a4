// Always fails: main throws, so the procedure ends FAILED with this stack trace.
// main kwargs: raise_msg (default "as requested").
export function main({ kwargs }) {
  throw new Error(`failing: ${String(kwargs.raise_msg ?? 'as requested')}`);
}
