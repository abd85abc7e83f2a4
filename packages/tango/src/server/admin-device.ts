import { DeviceError } from './device-error.js';
import { defineDeviceClass, type CommandSpec, type DeviceClassSpec } from './device-class.js';
import type { SubscriptionReply } from './event-publisher.js';
import type { PolledType } from './poller.js';
import type { LongStringArray } from './tango-types.js';

/** What the admin device needs from its server. */
export interface ServerControl {
  classes(): string[];
  /** `Class::device` for each served device. */
  devices(): Array<{ className: string; name: string }>;
  addPolling(device: string, type: PolledType, name: string, periodMs: number): Promise<void>;
  updatePolling(device: string, type: PolledType, name: string, periodMs: number): Promise<void>;
  removePolling(device: string, type: PolledType, name: string): Promise<void>;
  startPolling(): void;
  stopPolling(): void;
  polledDevices(): string[];
  pollStatus(device: string): string[];
  subscribe(device: string, attribute: string, event: string, clientIdl: number): Promise<SubscriptionReply>;
  eventInfo(): SubscriptionReply;
  confirm(triplets: readonly string[]): void;
  restartDevice(device: string): Promise<void>;
  restartServer(): Promise<void>;
  kill(): void;
  propertyWizard(className: string, kind: 'class' | 'device'): string[];
}

const ORIGIN = 'DServer';

function pollingArgs(argin: LongStringArray, command: string): { device: string; type: PolledType; name: string; period: number } {
  const [device, rawType, name] = argin.svalue;
  const period = argin.lvalue[0];
  if (device === undefined || rawType === undefined || name === undefined || period === undefined) {
    throw new DeviceError('API_WrongNumberOfArgs', `${command} expects lvalue [period] and svalue [device, type, name]`, `${ORIGIN}::${command}`);
  }
  return { device, type: objectType(rawType, command), name, period };
}

function objectType(t: string, command: string): PolledType {
  const lower = t.toLowerCase();
  if (lower === 'attribute' || lower === 'command') return lower;
  throw new DeviceError('API_NotSupported', `object type ${t} is neither attribute nor command`, `${ORIGIN}::${command}`);
}

/**
 * The admin device class (`DServer`): the 32 commands of cppTango 9.3.4's admin device (T-SRV-2).
 * Logging and locking are accepted and answer empty values; polling and events are real.
 */
export function adminDeviceClass(control: ServerControl): DeviceClassSpec<null> {
  const c = (spec: CommandSpec<null>) => spec;
  const noop = (name: string, inType: CommandSpec<null>['in'] = 'DevVoid', inDesc = 'Uninitialised') =>
    c({ name, in: inType, out: 'DevVoid', inDesc, outDesc: 'Uninitialised', run: () => undefined });
  return defineDeviceClass<null>({
    name: 'DServer',
    description: 'A device server admin device',
    initialState: 'ON',
    create: () => null,
    commands: [
      c({ name: 'QueryClass', out: 'DevVarStringArray', outDesc: 'Device server class(es) list', run: () => control.classes() }),
      c({ name: 'QueryDevice', out: 'DevVarStringArray', outDesc: 'Device server device(s) list', run: () => control.devices().map((d) => `${d.className}::${d.name}`) }),
      c({ name: 'QuerySubDevice', out: 'DevVarStringArray', outDesc: 'Device server sub device(s) list', run: () => [] }),
      c({ name: 'Kill', run: () => control.kill() }),
      c({ name: 'RestartServer', run: () => control.restartServer() }),
      c({ name: 'DevRestart', in: 'DevString', inDesc: 'Device name', run: (_d, name) => control.restartDevice(name as string) }),
      c({
        name: 'AddObjPolling',
        in: 'DevVarLongStringArray',
        inDesc: 'Lg[0]=Upd period. Str[0]=Device name. Str[1]=Object type. Str[2]=Object name',
        run: (_d, a) => {
          const p = pollingArgs(a as LongStringArray, 'add_obj_polling');
          return control.addPolling(p.device, p.type, p.name, p.period);
        },
      }),
      c({
        name: 'UpdObjPollingPeriod',
        in: 'DevVarLongStringArray',
        inDesc: 'Lg[0]=Upd period. Str[0]=Device name. Str[1]=Object type. Str[2]=Object name',
        run: (_d, a) => {
          const p = pollingArgs(a as LongStringArray, 'upd_obj_polling_period');
          return control.updatePolling(p.device, p.type, p.name, p.period);
        },
      }),
      c({
        name: 'RemObjPolling',
        in: 'DevVarStringArray',
        inDesc: 'Str[0]=Device name. Str[1]=Object type. Str[2]=Object name',
        run: (_d, a) => {
          const [device, type, name] = a as string[];
          if (device === undefined || type === undefined || name === undefined) {
            throw new DeviceError('API_WrongNumberOfArgs', 'RemObjPolling expects [device, type, name]', `${ORIGIN}::rem_obj_polling`);
          }
          return control.removePolling(device, objectType(type, 'rem_obj_polling'), name);
        },
      }),
      c({ name: 'StartPolling', run: () => control.startPolling() }),
      c({ name: 'StopPolling', run: () => control.stopPolling() }),
      c({ name: 'PolledDevice', out: 'DevVarStringArray', outDesc: 'Polled device name list', run: () => control.polledDevices() }),
      c({ name: 'DevPollStatus', in: 'DevString', out: 'DevVarStringArray', inDesc: 'Device name', outDesc: 'Device polling status', run: (_d, name) => control.pollStatus(name as string) }),
      c({
        name: 'ZmqEventSubscriptionChange',
        in: 'DevVarStringArray',
        out: 'DevVarLongStringArray',
        inDesc: 'Event consumer wants to subscribe to. device name, attribute/pipe name, action ("subscribe"), event name, <Tango client IDL version>',
        outDesc: 'Str[0] = Heartbeat pub endpoint - Str[1] = Event pub endpoint - ... Lg[0] = Tango lib release - Lg[1] = Device IDL release',
        run: (_d, a) => {
          const args = a as string[];
          if (args.length === 1 && args[0]?.toLowerCase() === 'info') return control.eventInfo();
          const [device, attribute, action, event, idl] = args;
          if (device === undefined || attribute === undefined || action === undefined || event === undefined) {
            throw new DeviceError('API_WrongNumberOfArgs', 'ZmqEventSubscriptionChange expects [device, attribute, action, event, client_idl]', `${ORIGIN}::zmq_event_subscription_change`);
          }
          if (action.toLowerCase() !== 'subscribe') {
            throw new DeviceError('API_NotSupported', `action ${action} is not supported (only subscribe)`, `${ORIGIN}::zmq_event_subscription_change`);
          }
          return control.subscribe(device, attribute, event, Number(idl ?? 5) || 0);
        },
      }),
      c({
        name: 'EventConfirmSubscription',
        in: 'DevVarStringArray',
        inDesc: 'Str[0] = dev1 name, Str[1] = att1 name, Str[2] = event name, Str[3] = dev2 name, Str[4] = att2 name, Str[5] = event name,...',
        run: (_d, a) => control.confirm(a as string[]),
      }),
      c({
        name: 'EventSubscriptionChange',
        in: 'DevVarStringArray',
        out: 'DevLong',
        inDesc: 'Event consumer wants to subscribe to',
        outDesc: 'Tango lib release',
        run: () => {
          throw new DeviceError('API_CommandNotFound', 'the notifd event system is not supported; use ZmqEventSubscriptionChange', `${ORIGIN}::event_subscription_change`);
        },
      }),
      c({ name: 'GetLoggingLevel', in: 'DevVarStringArray', out: 'DevVarLongStringArray', inDesc: 'Device list', outDesc: 'Lg[i]=Logging Level. Str[i]=Device name.', run: (_d, a) => ({ lvalue: (a as string[]).map(() => 0), svalue: a as string[] }) }),
      c({ name: 'GetLoggingTarget', in: 'DevString', out: 'DevVarStringArray', inDesc: 'Device name', outDesc: 'Logging target list', run: () => [] }),
      noop('SetLoggingLevel', 'DevVarLongStringArray', 'Lg[i]=Logging Level. Str[i]=Device name.'),
      noop('AddLoggingTarget', 'DevVarStringArray', 'Str[i]=Device-name. Str[i+1]=Target-type::Target-name'),
      noop('RemoveLoggingTarget', 'DevVarStringArray', 'Str[i]=Device-name. Str[i+1]=Target-type::Target-name'),
      noop('StartLogging'),
      noop('StopLogging'),
      noop('LockDevice', 'DevVarLongStringArray', 'Str[0] = Device name. Lg[0] = Lock validity'),
      c({ name: 'UnLockDevice', in: 'DevVarLongStringArray', out: 'DevLong', inDesc: 'Str[x] = Device name(s). Lg[0] = Force flag', outDesc: 'Device global lock counter', run: () => 0 }),
      noop('ReLockDevices', 'DevVarStringArray', 'Device(s) name'),
      c({
        name: 'DevLockStatus',
        in: 'DevString',
        out: 'DevVarLongStringArray',
        inDesc: 'Device name',
        outDesc: 'Device locking status',
        run: () => ({ lvalue: [0, 0, 0, 0, 0, 0], svalue: ['Device is not locked', '', '', ''] }),
      }),
      c({
        name: 'QueryWizardClassProperty',
        in: 'DevString',
        out: 'DevVarStringArray',
        inDesc: 'Class name',
        outDesc: 'Class property list (name - description and default value)',
        run: (_d, name) => control.propertyWizard(name as string, 'class'),
      }),
      c({
        name: 'QueryWizardDevProperty',
        in: 'DevString',
        out: 'DevVarStringArray',
        inDesc: 'Class name',
        outDesc: 'Device property list (name - description and default value)',
        run: (_d, name) => control.propertyWizard(name as string, 'device'),
      }),
    ],
  });
}
