import type { Logger } from '@observatory/core';
import { defineDeviceClass, type AttributeSpec, type CommandSpec, type DeviceClassSpec, type DeviceContext } from '@observatory/tango';
import { InvalidArgumentError } from '../errors.js';
import { CENTRAL_NODE_COMMANDS, SUBARRAY_COMMANDS, type SubarrayCommand } from '../model/obs-state.js';
import type { TelescopeSimulator } from '../simulator.js';
import { toDeviceError } from './errors-to-tango.js';
import { LRC_ATTRIBUTES, LrcTracker, type Completion } from './lrc-tracker.js';
import { SKA_ENUM_LABELS, enumIndex, isSkaEnumAttribute } from './ska-enums.js';

/** Persists memorised attribute values (adminMode) across restarts; database mode only. */
export interface AttributeMemory {
  load(device: string, attr: string): Promise<string | undefined>;
  save(device: string, attr: string, value: string): Promise<void>;
}

/** Per served device: which simulator device it is, its subscriptions and its long-running commands. */
interface Served {
  simName: string;
  stops: Array<() => void>;
  lrc: LrcTracker | undefined;
}

/** Commands whose argument is a JSON string (the others take none). */
const JSON_COMMANDS = new Set(['AssignResources', 'ReleaseResources', 'Configure', 'Scan']);

export type DeviceKind = 'centralNode' | 'tmSubarray' | 'cspSubarray' | 'sdpSubarray' | 'controller' | 'dish' | 'mccs';

/** Tango class names, after SKA's (TMC's CentralNodeMid, SubarrayNodeMid, ...). */
function className(kind: DeviceKind, telescope: string, simName: string): string {
  const t = telescope === 'mid' ? 'Mid' : 'Low';
  switch (kind) {
    case 'centralNode':
      return `CentralNode${t}`;
    case 'tmSubarray':
      return `SubarrayNode${t}`;
    case 'cspSubarray':
      return `CspSubarray${t}`;
    case 'sdpSubarray':
      return 'SdpSubarray';
    case 'dish':
      return 'DishManager';
    case 'mccs':
      return 'MccsController';
    default:
      return simName.includes('-csp/') ? `CspController${t}` : 'SdpController';
  }
}

export function deviceKind(sim: TelescopeSimulator, name: string): DeviceKind {
  const n = sim.names;
  if (name === n.centralNode) return 'centralNode';
  if (name === n.mccsController) return 'mccs';
  if (name === n.cspController || name === n.sdpController) return 'controller';
  for (const id of sim.subarrayIds) {
    if (name === n.tmSubarray(id)) return 'tmSubarray';
    if (name === n.cspSubarray(id)) return 'cspSubarray';
    if (name === n.sdpSubarray(id)) return 'sdpSubarray';
  }
  return 'dish';
}

/** The Tango value of a simulator attribute (enums as their index, everything else as is). */
export function toTangoValue(attr: string, value: unknown): unknown {
  if (isSkaEnumAttribute(attr)) return Math.max(0, enumIndex(attr, value));
  return value;
}

export interface TelescopeDeviceClassOptions {
  sim: TelescopeSimulator;
  kind: DeviceKind;
  /** The simulator's device names (its keys are the lower-cased names Tango serves). */
  simNames: ReadonlyMap<string, string>;
  memory?: AttributeMemory;
  logger?: Logger;
}

/**
 * A Tango device class over the simulator: attributes read the model, model changes are pushed as change
 * events, commands go to the model. There is no state here besides subscriptions and the LRC bookkeeping.
 */
export function telescopeDeviceClass(o: TelescopeDeviceClassOptions): DeviceClassSpec<Served> {
  const { sim, kind } = o;
  const sample = [...o.simNames.values()].find((n) => deviceKind(sim, n) === kind)!;
  const simAttrs = Object.keys(sim.snapshot().devices[sample] ?? {}).filter((a) => a !== 'state');
  const hasCommands = kind === 'centralNode' || kind === 'tmSubarray';
  const attributes: Array<AttributeSpec<Served>> = simAttrs.map((attr) => attributeSpec(sim, attr, o.memory));
  if (hasCommands) {
    for (const attr of LRC_ATTRIBUTES) {
      attributes.push({
        name: attr,
        type: 'DevString',
        format: 'SPECTRUM',
        maxDimX: 256,
        pushChangeEvents: true,
        read: (s) => s.lrc?.attributes[attr] ?? [],
      });
    }
  }
  const commandNames: readonly string[] = kind === 'centralNode' ? CENTRAL_NODE_COMMANDS : kind === 'tmSubarray' ? SUBARRAY_COMMANDS : [];
  const commands: Array<CommandSpec<Served>> = commandNames.map((command) => ({
    name: command,
    in: JSON_COMMANDS.has(command) ? 'DevString' : 'DevVoid',
    out: 'DevVarLongStringArray',
    inDesc: JSON_COMMANDS.has(command) ? 'JSON (SKA telescope model schema)' : 'Uninitialised',
    outDesc: '[[ResultCode], [command_id]]',
    run: (s, argin, ctx) => runCommand(sim, s, command, argin, ctx),
  }));

  return defineDeviceClass<Served>({
    name: className(kind, sim.telescope, sample),
    description: `Simulated ${kind} of the SKA ${sim.telescope} telescope (@ska/telescope-simulator)`,
    devType: className(kind, sim.telescope, sample),
    initialState: 'UNKNOWN',
    attributes,
    commands,
    create: async (ctx) => {
      const simName = o.simNames.get(ctx.name.toLowerCase());
      if (!simName) throw new InvalidArgumentError(`the simulator has no device ${ctx.name}`);
      const served: Served = { simName, stops: [], lrc: undefined };
      if (o.memory) {
        for (const attr of simAttrs.filter((a) => a === 'adminMode')) {
          const stored = await o.memory.load(ctx.name, attr).catch(() => undefined);
          // stored as the enum index, as cppTango memorises a DevEnum
          const label = stored === undefined ? undefined : SKA_ENUM_LABELS.adminMode[Number(stored)];
          if (label !== undefined) await sim.write(simName, attr, label).catch((err: unknown) => o.logger?.warn({ err, device: ctx.name }, 'memorised adminMode ignored'));
        }
      }
      ctx.setState(String(sim.readNow(simName, 'state').value) as never);
      if (hasCommands) {
        served.lrc = new LrcTracker(sim, (changed) => {
          for (const attr of changed) push(ctx, attr, served.lrc!.attributes[attr]);
        });
      }
      // Model changes become Tango change events; the subscription's initial event is the current value.
      served.stops.push(
        sim.subscribeNow(simName, 'state', (e) => {
          ctx.setState(String(e.value) as never);
          if (!e.initial) push(ctx, 'State');
        }),
      );
      for (const attr of simAttrs) {
        served.stops.push(
          sim.subscribeNow(simName, attr, (e) => {
            if (!e.initial) push(ctx, attr, toTangoValue(attr, e.value));
          }),
        );
      }
      // A first push marks each attribute as event-capable (subscribers need no polling); nobody listens yet.
      for (const attr of ['State', ...simAttrs, ...(hasCommands ? LRC_ATTRIBUTES : [])]) push(ctx, attr);
      return served;
    },
    dispose: (s) => {
      for (const stop of s.stops) stop();
      s.stops.length = 0;
      s.lrc?.close();
    },
  });
}

function push(ctx: DeviceContext, attr: string, value?: unknown): void {
  ctx.pushEvent(attr, 'change', value).catch((err: unknown) => ctx.logger.warn({ err, attr }, 'change event not pushed'));
}

function attributeSpec(sim: TelescopeSimulator, attr: string, memory: AttributeMemory | undefined): AttributeSpec<Served> {
  const read = (s: Served) => toTangoValue(attr, sim.readNow(s.simName, attr).value);
  if (isSkaEnumAttribute(attr)) {
    const writable = attr === 'adminMode';
    return {
      name: attr,
      type: 'DevEnum',
      enumLabels: SKA_ENUM_LABELS[attr],
      access: writable ? 'READ_WRITE' : 'READ',
      memorized: writable,
      pushChangeEvents: true,
      read,
      ...(writable
        ? {
            write: async (s: Served, value: unknown, ctx: DeviceContext) => {
              const label = SKA_ENUM_LABELS.adminMode[Number(value)];
              try {
                await sim.write(s.simName, attr, label);
              } catch (err) {
                throw toDeviceError(err, `${ctx.className}::write_${attr}`);
              }
              await memory?.save(ctx.name, attr, String(value)).catch((err: unknown) => ctx.logger.warn({ err }, 'adminMode not memorised'));
            },
          }
        : {}),
    };
  }
  if (attr === 'telescopeState') return { name: attr, type: 'DevState', pushChangeEvents: true, read };
  if (attr === 'assignedResources') return { name: attr, type: 'DevString', format: 'SPECTRUM', maxDimX: 512, pushChangeEvents: true, read };
  return { name: attr, type: 'DevString', pushChangeEvents: true, read: (s) => String(sim.readNow(s.simName, attr).value) };
}

function runCommand(sim: TelescopeSimulator, s: Served, command: string, argin: unknown, ctx: DeviceContext): { lvalue: number[]; svalue: string[] } {
  const arg = argin === undefined || argin === '' ? undefined : argin;
  let id: string;
  try {
    id = `${sim.sendCommand(s.simName, command, arg).commandId}_${command}`;
  } catch (err) {
    throw toDeviceError(err, `${ctx.className}::${command}`);
  }
  const completion = completionOf(sim, s.simName, command, arg);
  if (completion) s.lrc?.start(id, command, completion);
  return { lvalue: [2 /* ResultCode.QUEUED */], svalue: [id] };
}

/** When an accepted command counts as finished (the command was accepted, so its argument parses). */
function completionOf(sim: TelescopeSimulator, device: string, command: string, argin: unknown): Completion | undefined {
  const n = sim.names;
  if (device !== n.centralNode) return { kind: 'obsState', device, command: command as SubarrayCommand };
  if (command === 'TelescopeOn') return { kind: 'telescopeState', device, target: 'ON' };
  if (command === 'TelescopeOff' || command === 'TelescopeStandby') return { kind: 'telescopeState', device, target: sim.telescope === 'mid' ? 'STANDBY' : 'OFF' };
  const json = (typeof argin === 'string' ? JSON.parse(argin) : argin) as { subarray_id: number; release_all?: boolean };
  const forwarded: SubarrayCommand = command === 'ReleaseResources' && json.release_all === true ? 'ReleaseAllResources' : (command as SubarrayCommand);
  return { kind: 'obsState', device: n.tmSubarray(json.subarray_id), command: forwarded };
}
