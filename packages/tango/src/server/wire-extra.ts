import type { CdrWriter } from '../cdr/writer.js';
import { writeAttributeConfig, type AttributeConfig_5 } from '../idl/structs.js';

// Older AttributeConfig versions a Device_5 still answers (get_attribute_config, _2, _3): PyTango's
// attribute_list_query and itango use `get_attribute_config_3("All attributes_3")`. The IDL layer's operation
// table has only version 5; the same codec writes the older layouts from the version 5 config.

/** Operations of older IDL versions the servant answers beyond the IDL layer's table. */
export const LEGACY_CONFIG_OPERATIONS: Record<string, (w: CdrWriter, c: AttributeConfig_5) => void> = {
  get_attribute_config: (w, c) => writeAttributeConfig(w, c, 1),
  get_attribute_config_2: (w, c) => writeAttributeConfig(w, c, 2),
  get_attribute_config_3: (w, c) => writeAttributeConfig(w, c, 3),
};
