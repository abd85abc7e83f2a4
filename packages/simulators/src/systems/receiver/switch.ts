import { Dewar } from './dewar.js';

/** The IF switch board (TriBand): Dewar lines plus outputs 1/2 driving four switches. */
export class Switch extends Dewar {
  out1 = 0;
  out2 = 0;
  swa = 2;
  swb = 2;
  swc = 2;
  swd = 2;

  protected override dioRead(port: number): number | undefined {
    const through = (sw: number) => (this.out2 === 1 ? (sw === 0 ? 1 : 0) : sw === 1 ? 1 : 0);
    switch (port) {
      case 1: return this.out1;
      case 2: return this.out2;
      case 16: return through(this.swa);
      case 17: return through(this.swb);
      case 18: return through(this.swc);
      case 19: return through(this.swd);
      default: return super.dioRead(port);
    }
  }

  protected override dioWrite(port: number, value: number): void {
    if (port === 1) {
      this.out1 = value;
      if (value === 1) {
        const crossed = this.loSelector === 1;
        [this.swa, this.swd] = crossed ? [0, 0] : [1, 1];
        [this.swb, this.swc] = crossed ? [1, 1] : [0, 0];
      } else {
        this.swa = this.swb = this.swc = this.swd = 2;
      }
    } else if (port === 2) {
      this.out2 = value;
    } else {
      super.dioWrite(port, value);
    }
  }
}
