import { NotImplementedError } from '../errors.js';
import type { TelescopeType } from '../env/telescope-type.js';

/** What to assign: skallop's STANDARD resources, or your own JSON passed through unchanged. */
export type Composition = { type: 'STANDARD' } | { type: 'CUSTOM'; json: unknown } | { type: string; json?: unknown };
/** How to configure a scan: STANDARD, or your own JSON. */
export type ScanConfiguration = Composition;

export const STANDARD_COMPOSITION: Composition = Object.freeze({ type: 'STANDARD' });
export const STANDARD_CONFIGURATION: ScanConfiguration = Object.freeze({ type: 'STANDARD' });

/** Identifies the scheduling block whose ids the generated JSON carries. */
export interface SbConfig {
  sbId: string;
}

let counter = 0;

function stamp(now: Date): string {
  return now.toISOString().slice(0, 10).replaceAll('-', '');
}

/** A fresh scheduling-block config: `{ sbId: 'sbi-test-YYYYMMDD-NNNNN' }`. */
export function newSbConfig(now = new Date()): SbConfig {
  counter = (counter + 1) % 100_000;
  return { sbId: `sbi-test-${stamp(now)}-${String(counter).padStart(5, '0')}` };
}

/** The execution-block and processing-block ids derived from an sbId, so Configure can reference Assign's ids. */
export function idsFor(sbId: string): { ebId: string; pbIds: string[] } {
  const suffix = /(\d{8}-\d{5})$/.exec(sbId)?.[1] ?? sbId.replace(/[^A-Za-z0-9-]/g, '');
  return { ebId: `eb-test-${suffix}`, pbIds: [`pb-test-${suffix}-a`, `pb-test-${suffix}-b`] };
}

function custom(c: Composition, what: string): string | undefined {
  if (c.type === 'STANDARD') return undefined;
  if (c.type === 'CUSTOM' && 'json' in c) return typeof c.json === 'string' ? c.json : JSON.stringify(c.json);
  throw new NotImplementedError(`${what} type '${c.type}'`);
}

const receptorId = (n: number): string => `SKA${String(n).padStart(3, '0')}`;

/** The AssignResources JSON for a composition (STANDARD is generated per telescope with fresh ids). */
export function assignResourcesJson(telescope: TelescopeType, subarrayId: number, receptors: number[], c: Composition, sbId: string): string {
  const given = custom(c, 'composition');
  if (given !== undefined) return given;
  const { ebId, pbIds } = idsFor(sbId);
  const sdp = {
    interface: 'https://schema.skao.int/ska-sdp-assignres/0.4',
    execution_block: {
      eb_id: ebId,
      max_length: 100.0,
      context: {},
      beams: [{ beam_id: 'vis0', function: 'visibilities' }],
      scan_types: [{ scan_type_id: 'science_A', beams: { vis0: { channels_id: 'vis_channels', polarisations_id: 'all' } } }],
      channels: [{ channels_id: 'vis_channels', spectral_windows: [{ spectral_window_id: 'fsp_1_channels', count: 744, start: 0, stride: 2, freq_min: 0.35e9, freq_max: 0.368e9, link_map: [[0, 0], [200, 1]] }] }],
      polarisations: [{ polarisations_id: 'all', corr_type: ['XX', 'XY', 'YY', 'YX'] }],
      fields: [{ field_id: 'field_a', phase_dir: { ra: [123, 0.1], dec: [80, 0.5], reference_time: '...', reference_frame: 'ICRF3' } }],
    },
    processing_blocks: pbIds.map((pb_id, i) => ({ pb_id, script: { kind: i === 0 ? 'realtime' : 'batch', name: i === 0 ? 'vis-receive' : 'test-batch', version: '0.1.0' }, parameters: {} })),
    resources: telescope === 'mid' ? { receptors: receptors.map(receptorId) } : { receptors: receptors.map((s) => `C${s}`) },
  };
  const body =
    telescope === 'mid'
      ? {
          interface: 'https://schema.skao.int/ska-tmc-assignresources/2.1',
          transaction_id: `txn-${sbId}`,
          subarray_id: subarrayId,
          dish: { receptor_ids: receptors.map(receptorId) },
          sdp,
        }
      : {
          interface: 'https://schema.skao.int/ska-low-tmc-assignresources/3.2',
          transaction_id: `txn-${sbId}`,
          subarray_id: subarrayId,
          mccs: { subarray_beam_ids: [1], station_ids: [receptors], channel_blocks: [3] },
          sdp,
        };
  return JSON.stringify(body);
}

/** The Configure JSON (STANDARD references the execution block Assign created for the same sbId). */
export function configureJson(telescope: TelescopeType, subarrayId: number, receptors: number[], c: ScanConfiguration, sbId: string, durationS: number): string {
  const given = custom(c, 'scan configuration');
  if (given !== undefined) return given;
  const { ebId } = idsFor(sbId);
  const sdp = { interface: 'https://schema.skao.int/ska-sdp-configure/0.4', scan_type: 'science_A', execution_block_id: ebId };
  const tmc = { scan_duration: durationS };
  const body =
    telescope === 'mid'
      ? {
          interface: 'https://schema.skao.int/ska-tmc-configure/2.3',
          transaction_id: `txn-${sbId}-configure`,
          pointing: { target: { reference_frame: 'ICRS', target_name: 'Polaris Australis', ra: '21:08:47.92', dec: '-88:57:22.9' } },
          dish: { receiver_band: '1' },
          csp: {
            interface: 'https://schema.skao.int/ska-csp-configure/2.0',
            common: { config_id: `${sbId}-config`, frequency_band: '1', subarray_id: subarrayId },
            cbf: { fsp: [{ fsp_id: 1, function_mode: 'CORR', frequency_slice_id: 1, integration_factor: 1, zoom_factor: 0, channel_averaging_map: [[0, 2]], channel_offset: 0 }] },
          },
          sdp,
          tmc,
        }
      : {
          interface: 'https://schema.skao.int/ska-low-tmc-configure/3.1',
          transaction_id: `txn-${sbId}-configure`,
          mccs: {
            subarray_beams: [
              {
                subarray_beam_id: 1,
                update_rate: 0.0,
                logical_bands: [{ start_channel: 80, number_of_channels: 16 }],
                apertures: receptors.map((s) => ({ aperture_id: `AP${String(s).padStart(3, '0')}.01`, weighting_key_ref: 'aperture2' })),
                sky_coordinates: { reference_frame: 'ICRS', c1: 180.0, c2: 45.0 },
              },
            ],
          },
          csp: { interface: 'https://schema.skao.int/ska-low-csp-configure/0.0', common: { config_id: `${sbId}-config`, subarray_id: subarrayId } },
          sdp,
          tmc,
        };
  return JSON.stringify(body);
}

/** The Scan JSON for scan `scanId`. */
export function scanJson(telescope: TelescopeType, scanId: number): string {
  return JSON.stringify({
    interface: telescope === 'mid' ? 'https://schema.skao.int/ska-tmc-scan/2.1' : 'https://schema.skao.int/ska-low-tmc-scan/4.0',
    transaction_id: `txn-scan-${scanId}`,
    scan_id: scanId,
  });
}
