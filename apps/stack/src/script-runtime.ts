/**
 * What the OET's script processes get from the stack: the telescope simulator's URL. (They resolve our packages
 * as the stack does, from TypeScript source in an unbuilt checkout, because the OET server passes its
 * resolution conditions on to every script process, which then loads TypeScript with its own hook.)
 */
export function scriptEnvironment(telescopeUrl: string): Record<string, string> {
  return { TELESCOPE_SIM_URL: telescopeUrl };
}
