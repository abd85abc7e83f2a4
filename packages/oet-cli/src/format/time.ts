/** UTC `YYYY-MM-DD HH:MM:SS` of epoch seconds; with `fraction`, microseconds too (`.ffffff`). */
export function formatUtc(epochSeconds: number, options: { fraction?: boolean } = {}): string {
  if (!Number.isFinite(epochSeconds)) return '';
  const whole = Math.floor(epochSeconds);
  const base = new Date(whole * 1000).toISOString().slice(0, 19).replace('T', ' ');
  if (!options.fraction) return base;
  // The server's float has about microsecond precision; keep six digits as OET shows them.
  const micros = Math.min(999999, Math.round((epochSeconds - whole) * 1e6));
  return `${base}.${String(micros).padStart(6, '0')}`;
}
