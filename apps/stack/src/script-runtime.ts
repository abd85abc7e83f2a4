/**
 * What the OET's script processes need to import our packages by name from a fresh clone without a build.
 *
 * The OET server forks each procedure with its own execArgv (only a heap limit), so the stack's own
 * `--conditions=@observatory/source --import tsx` does not reach the scripts; a script importing
 * `@ska/telescope-simulator/client` would resolve the unbuilt `dist/`. Children do inherit the
 * environment, so NODE_OPTIONS carries the source condition and tsx to them.
 */
export function scriptNodeOptions(existing: string | undefined, tsxUrl: string = import.meta.resolve('tsx')): string {
  const parts = existing?.trim() ? [existing.trim()] : [];
  if (!/--conditions[= ]@observatory\/source/.test(existing ?? '')) parts.push('--conditions=@observatory/source');
  if (!(existing ?? '').includes(tsxUrl)) parts.push(`--import=${tsxUrl}`);
  return parts.join(' ');
}

/** The environment additions for script processes: the source loader and the telescope simulator's URL. */
export function scriptEnvironment(env: NodeJS.ProcessEnv, telescopeUrl: string): Record<string, string> {
  return { NODE_OPTIONS: scriptNodeOptions(env.NODE_OPTIONS), TELESCOPE_SIM_URL: telescopeUrl };
}
