import { SimulatorConfigError } from './device-error.js';
import type { SystemFactory } from './types.js';

export interface MultiTypeDefinition {
  /** Type name -> factory. */
  readonly types: Readonly<Record<string, SystemFactory>>;
  /** Type used when a row's options carry none. */
  readonly defaultType: string;
}

/**
 * A factory choosing the System by the row option `type` (the CLI's `-t` overrides it in every row).
 * An unknown type throws `System type X not found.`.
 */
export function multiTypeSystem(definition: MultiTypeDefinition): SystemFactory & { readonly typeNames: readonly string[] } {
  const factory: SystemFactory = (context) => {
    const raw = context.options.type;
    const type = typeof raw === 'string' ? raw : definition.defaultType;
    const make = Object.hasOwn(definition.types, type) ? definition.types[type] : undefined;
    if (!make) throw new SimulatorConfigError(`System type ${type} not found.`);
    return make(context);
  };
  return Object.assign(factory, { typeNames: Object.keys(definition.types) });
}
