/** Options whose OET 6 spelling used underscores (`--subarray_id`). */
const UNDERSCORE_OPTIONS = ['subarray_id', 'git_repo', 'git_branch', 'git_commit', 'create_env', 'run_abort', 'prepare_only', 'script_args', 'server_url'];

/** Boolean options that OET 6 users wrote as `--flag=True|False`, and whether they default to true. */
const BOOLEAN_OPTIONS: Record<string, boolean> = { listen: true, 'run-abort': true, 'create-env': false, 'prepare-only': false };

/**
 * Rewrites the older spellings to the current ones before commander sees them: `--subarray_id=2` ->
 * `--subarray-id=2`, `--listen=False` -> `--no-listen`, `--create_env=True` -> `--create-env`.
 * Script keyword arguments (`--raise_msg=x`) are left alone; words after `--` too.
 */
export function normaliseLegacyArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  let literal = false;
  for (const arg of args) {
    if (arg === '--') literal = true;
    if (literal || !arg.startsWith('--')) {
      out.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const value = eq === -1 ? undefined : arg.slice(eq + 1);
    if (UNDERSCORE_OPTIONS.includes(name)) name = name.replace(/_/g, '-');
    const defaultsTrue = BOOLEAN_OPTIONS[name];
    if (defaultsTrue !== undefined && value !== undefined && /^(true|false)$/i.test(value)) {
      const on = value.toLowerCase() === 'true';
      if (on) out.push(`--${name}`);
      else if (defaultsTrue) out.push(`--no-${name}`);
      // `--create-env=False` is the default: nothing to pass.
      continue;
    }
    out.push(value === undefined ? `--${name}` : `--${name}=${value}`);
  }
  return out;
}
