import { DeviceError } from '../../framework/index.js';
import { DataType, PortType, ReceiverCode } from './definitions.js';
import { Slave } from './slave.js';

/** Digital I/O of Dewar and Switch boards: a single 0/1 byte per B01 DIO port. */
function digitalValue(setting: number[]): number | undefined {
  if (setting.length !== 1) return undefined;
  const value = setting[0] as number;
  return value === 0 || value === 1 ? value : undefined;
}

/** The cryostat board: LO selector, vacuum, cool head, calibration and observing-mode lines. */
export class Dewar extends Slave {
  loSelector = 0;
  vacuumSensor = 1;
  vacuumPump = 1;
  vacuumPumpFault = 0;
  vacuumValve = 1;
  coolHead = 1;
  calibration = 0;
  extCalibration = 0;
  singleDish = 0;
  vlbi = 0;
  isRemote = 1;
  isSingleDish = 0;
  isVlbi = 0;

  protected dioRead(port: number): number | undefined {
    switch (port) {
      case 0: return this.loSelector;
      case 4: return this.vacuumSensor;
      case 5: return this.vacuumPump;
      case 6: return this.vacuumPumpFault;
      case 7: return this.vacuumValve;
      case 8: return this.coolHead;
      case 11: return this.calibration;
      case 12: return this.calibration;
      case 13: return this.singleDish;
      case 14: return this.vlbi;
      case 16: return this.loSelector === 0 ? 1 : 0;
      case 17: return this.loSelector === 1 ? 1 : 0;
      case 18: return this.loSelector === 1 ? 1 : 0;
      case 24: return this.coolHead;
      case 26: return this.isRemote;
      case 29: return this.isSingleDish;
      case 30: return this.isVlbi;
      default: return undefined;
    }
  }

  protected override readData(dataType: number, portType: number, portNumber: number): number[] {
    if (portType === PortType.ad24 && dataType === DataType.f32) return new Array<number>(32).fill(0);
    if (portType === PortType.dio && dataType === DataType.b01) {
      const value = this.dioRead(portNumber);
      // The reference fails (no reply at all) on a digital port it does not know.
      if (value === undefined) throw new DeviceError(`unknown digital port ${portNumber}`);
      return [value];
    }
    return super.readData(dataType, portType, portNumber);
  }

  protected dioWrite(port: number, value: number): void {
    switch (port) {
      case 0: this.loSelector = value; break;
      case 4: this.vacuumSensor = value; break;
      case 5: this.vacuumPump = value; break;
      case 7: this.vacuumValve = value; break;
      case 8: this.coolHead = value; break;
      case 11:
      case 12: this.calibration = value; break;
      case 13:
        this.singleDish = value;
        if (value === 0) [this.isSingleDish, this.isVlbi] = [1, 0];
        break;
      case 14:
        this.vlbi = value;
        if (value === 0) [this.isSingleDish, this.isVlbi] = [0, 1];
        break;
    }
  }

  // Dewar and Switch keep no generic port settings: other writes are acknowledged and dropped.
  protected override writeData(dataType: number, portType: number, portNumber: number, setting: number[]): number {
    if (dataType === DataType.b01 && portType === PortType.dio) {
      const value = digitalValue(setting);
      if (value === undefined) return ReceiverCode.data;
      this.dioWrite(portNumber, value);
    }
    return ReceiverCode.ack;
  }
}
