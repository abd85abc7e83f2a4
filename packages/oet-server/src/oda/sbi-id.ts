/** `sbi-oet-YYYYMMDD-<suffix>`, the shape of SKA ODA ids (`sbi-mvp01-20200325-00001`). */
export function sbiId(now: Date, suffix: string): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `sbi-oet-${day}-${suffix}`;
}
