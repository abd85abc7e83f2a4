import { DeviceError } from '../../framework/index.js';
import { DataType, PORT_GROUP_00_07, PortType, ReceiverCode } from './definitions.js';
import { Slave, type SlaveContext } from './slave.js';

/** The LNA board: bias readings through the AD24 converter (all zero) and the L/R enable lines. */
export class Lna extends Slave {
  ad = 0;
  en = 0;
  leftOn = 0;
  rightOn = 0;

  constructor(
    address: number,
    context: SlaveContext,
    readonly feeds = 1,
  ) {
    super(address, context);
  }

  protected override readData(dataType: number, portType: number, portNumber: number): number[] {
    if (dataType === DataType.f32) {
      // Eight f32 drain voltages/currents or gate voltages (L, R for four feeds); the simulated biases are 0.
      if (portType === PortType.ad24) return new Array<number>(32).fill(0);
      // The reference fails (no reply at all) for f32 on any other port type.
      throw new DeviceError('f32 data is only available on the AD24 port');
    }
    return super.readData(dataType, portType, portNumber);
  }

  protected override writeData(dataType: number, portType: number, portNumber: number, setting: number[]): number {
    let code: number | undefined;
    if (portType === PortType.dio) {
      if (dataType === DataType.b01) {
        if (setting.length !== 1) code = ReceiverCode.data;
        else if (portNumber === 8) {
          this.leftOn = setting[0] as number;
          code = ReceiverCode.ack;
        } else if (portNumber === 9) {
          this.rightOn = setting[0] as number;
          code = ReceiverCode.ack;
        }
      } else if (dataType === DataType.u08) {
        if (setting.length !== 1) code = ReceiverCode.data;
        if (portNumber === PORT_GROUP_00_07) {
          // AD selects the stage and quantity, EN the feed group: high and low nibble of the first byte.
          this.ad = (setting[0] as number) >> 4;
          this.en = (setting[0] as number) & 0x0f;
          code = ReceiverCode.ack;
        }
      }
    }
    return code ?? super.writeData(dataType, portType, portNumber, setting);
  }
}
