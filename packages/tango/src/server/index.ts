// The device-server API: declare device classes, serve them, and the pieces a custom server may reuse.
export { DeviceError, multiDeviceError, toDevErrors } from './device-error.js';
export type {
  AttributeTypeName,
  CommandTypeName,
  DevStateName,
  AttrWriteTypeName,
  AttrDataFormatName,
  AttrQualityValue,
  ElementValue,
  DevEncodedValue,
  LongStringArray,
  DoubleStringArray,
} from './tango-types.js';
export { defineDeviceClass, reading, isReading } from './device-class.js';
export type { DeviceClassSpec, AttributeSpec, CommandSpec, PropertySpec, DeviceContext, AttrReading } from './device-class.js';
export type { AttrConfig, AttrConfigOptions } from './attribute-config.js';
export type { ImageValue, AttrData } from './attribute-values.js';
export { Device } from './device.js';
export type { AttrReadResult, DeviceCommandInfo, DeviceHooks } from './device.js';
export { DeviceServant, toAttributeValue5 } from './device-servant.js';
export type { ServerIdentity } from './device-servant.js';
export { GiopServer } from './giop-server.js';
export type { GiopServerOptions, Servant, ServantReply, RequestInfo } from './giop-server.js';
export { EventPublisher, parseEventName, EVENT_KINDS } from './event-publisher.js';
export type { EventKind, EventSubscription, EventPublisherOptions, SubscriptionReply } from './event-publisher.js';
export { ChangeTracker, isChange } from './change-detector.js';
export { Poller } from './poller.js';
export type { PolledType } from './poller.js';
export { adminDeviceClass } from './admin-device.js';
export type { ServerControl } from './admin-device.js';
export { DbLink } from './db-link.js';
export { DeviceServer } from './device-server.js';
export type { DeviceEntry, DeviceServerOptions } from './device-server.js';
export { buildTangoDbProgram, buildTangoTestDeviceProgram, runServerCli } from './cli/server-programs.js';
