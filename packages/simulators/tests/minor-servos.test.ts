import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { DeviceError, ManualClock } from '../src/framework/index.js';
import { NotAKnotSpline } from '../src/systems/acu/spline.js';
import { MINOR_SERVOS_HTTP_PATHS, MinorServosSystem, minorServos } from '../src/systems/minor_servos/index.js';
import { startRows } from './acu-helpers.js';

const T = String.raw`\d+\.\d{6}`;

async function withServos(fn: (client: TcpTestClient, ports: { listen: number; http: number }) => Promise<void>): Promise<void> {
  const sim = await startRows(minorServos, [0]);
  const ports = { listen: sim.row.ports.listen as number, http: sim.row.ports.http as number };
  const client = await TcpTestClient.connect(ports.listen);
  try {
    await fn(client, ports);
  } finally {
    await client.close();
    await sim.close();
  }
}

async function ask(client: TcpTestClient, line: string): Promise<string> {
  client.send(line);
  return client.readUntil('\r\n');
}

describe('minor_servos conformance vectors (real sockets)', () => {
  it('77 STATUS', async () => {
    await withServos(async (client) => {
      const answer = await ask(client, 'STATUS\r\n');
      expect(answer).toMatch(
        new RegExp(
          `^OUTPUT:GOOD,(${T}),CURRENT_CONFIG=0\\|SIMULATION_ENABLED=1\\|PLC_TIME=(${T})\\|PLC_VERSION=1\\|CONTROL=1\\|POWER=1\\|EMERGENCY=2\\|GREGORIAN_CAP=1\\|LAST_EXECUTED_COMMAND=0\\r\\n$`,
        ),
      );
      const [, t1, t2] = /GOOD,([^,]+),.*PLC_TIME=([^|]+)/.exec(answer) ?? [];
      expect(t1).toBe(t2);
      expect(Math.abs(Number(t1) - Date.now() / 1000)).toBeLessThan(5);
    });
  });

  it('78 STATUS=DR_GFR1', async () => {
    await withServos(async (client) => {
      expect(await ask(client, 'STATUS=DR_GFR1\r\n')).toMatch(
        new RegExp(
          `^OUTPUT:GOOD,${T},DR_GFR1_ENABLED=1\\|DR_GFR1_STATUS=1\\|DR_GFR1_BLOCK=2\\|DR_GFR1_OPERATIVE_MODE=0\\|DR_GFR1_ROTARY_AXIS_ENABLED=1\\|DR_GFR1_ROTATION=0\\.000000\\|DR_GFR1_OFFSET=0\\.000000\\r\\n$`,
        ),
      );
    });
  });

  it.each(['SETUP=Gregoriano1', 'STOW=SRP,1', 'STOP=M3R', 'OFFSET=GFR,1.5'])('79 %s -> OUTPUT:GOOD,{t}', async (command) => {
    await withServos(async (client) => {
      expect(await ask(client, `${command}\r\n`)).toMatch(new RegExp(`^OUTPUT:GOOD,${T}\\r\\n$`));
    });
  });

  it.each([
    ['PRESET=M3R,500', 'OUTPUT:BAD'],
    ['STOW=GREGORIAN_CAP,5', 'OUTPUT:BAD'],
    ['PRESET=M3R', 'OUTPUT:BAD_ARGUMENTS_NUMBER'],
    ['STATUS=A,B', 'OUTPUT:BAD_ARGUMENTS_NUMBER'],
    ['PRESET=M3R,abc', 'OUTPUT:BAD_ARGUMENTS_TYPE'],
    ['FOO', 'OUTPUT:BAD_COMMAND_NAME'],
  ])('80 %s -> %s', async (command, reply) => {
    await withServos(async (client) => {
      expect(await ask(client, `${command}\r\n`)).toBe(`${reply}\r\n`);
    });
  });

  it('answers the VBrain reset commands over HTTP and 404s anything else', async () => {
    await withServos(async (_client, { http }) => {
      for (const path of MINOR_SERVOS_HTTP_PATHS) {
        const response = await fetch(`http://127.0.0.1:${http}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.text()).toBe('{"Message": "OUTPUT:GOOD", "Status": "Good"}');
      }
      const missing = await fetch(`http://127.0.0.1:${http}/Exporting/json/ExecuteCommand?name=OTHER`);
      expect(missing.status).toBe(404);
      await missing.arrayBuffer();
    });
  });

  it('keeps answering after random bytes on another connection', async () => {
    await withServos(async (client, { listen }) => {
      const noisy = await TcpTestClient.connect(listen);
      try {
        for (const chunk of fc.sample(fc.uint8Array({ minLength: 1, maxLength: 100 }), { seed: 5, numRuns: 200 })) noisy.send(chunk);
        expect(await ask(client, 'STATUS=M3R\r\n')).toMatch(/^OUTPUT:GOOD,.*M3R_ROTATION=0\.000000\|M3R_OFFSET=0\.000000\r\n$/);
      } finally {
        await noisy.close();
      }
    });
  });
});

function servos() {
  const clock = new ManualClock(Date.UTC(2025, 2, 3, 4, 5, 6));
  const system = new MinorServosSystem({ clock });
  const cmd = (line: string) => system.execute(`${line}\r\n`).replace(/\r\n$/, '');
  const field = (servo: string, name: string) => {
    const match = new RegExp(`${name}=([^|\\r]+)`).exec(cmd(`STATUS=${servo}`));
    return match?.[1];
  };
  const seconds = () => clock.now() / 1000;
  return { clock, system, cmd, field, seconds };
}

describe('minor_servos (injected clock)', () => {
  it('presets at the axis speed limit, then reports operative mode 40', () => {
    const s = servos();
    try {
      expect(s.cmd('PRESET=M3R,100')).toMatch(/^OUTPUT:GOOD,/);
      s.clock.advance(10000);
      expect(Number(s.field('M3R', 'M3R_ROTATION'))).toBeCloseTo(31.4, 6);
      expect(s.field('M3R', 'M3R_OPERATIVE_MODE')).toBe('0');
      s.clock.advance(100 / 3.14 * 1000 - 10000 + 20);
      expect(s.field('M3R', 'M3R_ROTATION')).toBe('100.000000');
      expect(s.field('M3R', 'M3R_OPERATIVE_MODE')).toBe('40');
      expect(s.cmd('STATUS')).toMatch(new RegExp(`LAST_EXECUTED_COMMAND=${T}$`));
    } finally {
      s.system.dispose();
    }
  });

  it('applies offsets to presets and refuses targets outside the range', () => {
    const s = servos();
    try {
      s.cmd('OFFSET=PFP,10,-5,1');
      expect(s.field('PFP', 'PFP_OFFSET_TZ')).toBe('-5.000000');
      expect(s.cmd('PRESET=PFP,1485,0,0')).toBe('OUTPUT:BAD'); // 1495 with the offset
      expect(s.cmd('PRESET=PFP,100,10,2')).toMatch(/^OUTPUT:GOOD/);
      s.clock.advance(10000);
      expect([s.field('PFP', 'PFP_TX'), s.field('PFP', 'PFP_TZ'), s.field('PFP', 'PFP_RTHETA')]).toEqual(['110.000000', '5.000000', '3.000000']);
      expect(s.cmd('PRESET=SRP,1,2,3')).toBe('OUTPUT:BAD_ARGUMENTS_NUMBER');
      expect(s.cmd('OFFSET=SRP,1,2,3,4,5,x')).toBe('OUTPUT:BAD_ARGUMENTS_TYPE');
      expect(s.cmd('OFFSET=XYZ,1')).toBe('OUTPUT:BAD');
      expect(s.cmd('OFFSET=M3R')).toBe('OUTPUT:BAD_ARGUMENTS_NUMBER');
    } finally {
      s.system.dispose();
    }
  });

  it('sets up a configuration: coordinates from the table, mode 10 once there, the Gregorian cap after 5 s', () => {
    const s = servos();
    try {
      expect(s.cmd('SETUP=Gregoriano2')).toMatch(/^OUTPUT:GOOD/);
      expect(s.cmd('STATUS')).toMatch(/CURRENT_CONFIG=12\|.*GREGORIAN_CAP=0\|/);
      s.clock.advance(5000);
      expect(s.cmd('STATUS')).toMatch(/GREGORIAN_CAP=4\|/);
      s.clock.advance(60000);
      expect(s.field('GFR', 'GFR_ROTATION')).toBe('-159.889900');
      expect(s.field('DR_GFR1', 'DR_GFR1_ROTATION')).toBe('12.500000');
      expect(s.field('SRP', 'SRP_TY')).toBe('11.139365');
      for (const servo of ['PFP', 'SRP', 'M3R', 'GFR', 'DR_GFR1', 'DR_GFR2', 'DR_GFR3', 'DR_PFP']) {
        expect(s.field(servo, `${servo}_OPERATIVE_MODE`)).toBe('10');
      }
      expect(s.cmd('SETUP=Cassegrain')).toBe('OUTPUT:BAD');
      expect(s.cmd('SETUP')).toBe('OUTPUT:BAD_ARGUMENTS_NUMBER');
    } finally {
      s.system.dispose();
    }
  });

  it('stows after the 5 s timer, stops at once, and a later command cancels a pending stow', () => {
    const s = servos();
    try {
      s.cmd('STOW=SRP,1');
      s.clock.advance(4900);
      expect(s.field('SRP', 'SRP_OPERATIVE_MODE')).toBe('0');
      s.clock.advance(100);
      expect(s.field('SRP', 'SRP_OPERATIVE_MODE')).toBe('20');
      s.cmd('STOW=M3R,1');
      s.cmd('STOP=M3R');
      expect(s.field('M3R', 'M3R_OPERATIVE_MODE')).toBe('30');
      s.clock.advance(6000);
      expect(s.field('M3R', 'M3R_OPERATIVE_MODE')).toBe('30');
      expect(s.cmd('STOW=M3R,x')).toBe('OUTPUT:BAD_ARGUMENTS_TYPE');
      expect(s.cmd('STOW=M3R')).toBe('OUTPUT:BAD_ARGUMENTS_NUMBER');
      expect(s.cmd('STOP=FOO')).toBe('OUTPUT:BAD');
    } finally {
      s.system.dispose();
    }
  });

  it('moves the Gregorian cap: from closed through the timer, between open positions at once', () => {
    const s = servos();
    try {
      const cap = () => /GREGORIAN_CAP=(\d)/.exec(s.cmd('STATUS'))?.[1];
      s.cmd('STOW=GREGORIAN_CAP,3');
      expect(cap()).toBe('0');
      s.clock.advance(5000);
      expect(cap()).toBe('3');
      s.cmd('STOW=GREGORIAN_CAP,2');
      expect(cap()).toBe('2');
      s.cmd('STOW=GREGORIAN_CAP,1');
      expect(cap()).toBe('0');
      s.clock.advance(5000);
      expect(cap()).toBe('1');
    } finally {
      s.system.dispose();
    }
  });

  it('follows a program track on its spline (within 1e-6) at 0.2 s per point, then forgets the trajectory', () => {
    const s = servos();
    try {
      const start = Math.round(s.seconds()) + 8;
      const points = Array.from({ length: 30 }, (_, i) => 10 + 2 * Math.sin(i / 6));
      expect(s.cmd(`PROGRAMTRACK=DR_PFP,7,0,${start},${points[0]}`)).toMatch(/^OUTPUT:GOOD/);
      for (let i = 1; i < points.length; i++) expect(s.cmd(`PROGRAMTRACK=DR_PFP,7,${i},*,${points[i]}`)).toMatch(/^OUTPUT:GOOD/);
      expect(s.field('DR_PFP', 'DR_PFP_OPERATIVE_MODE')).toBe('50');
      // The trajectory as the servo builds it: 20 points extrapolated backwards, then the table.
      const delta = (points[1] as number) - (points[0] as number);
      const times = [...Array.from({ length: 20 }, (_, k) => start - 0.2 * (20 - k)), ...points.map((_, i) => start + i * 0.2)];
      const values = [...Array.from({ length: 20 }, (_, k) => (points[0] as number) - delta * (20 - k)), ...points];
      const spline = new NotAKnotSpline(times, values);
      // The servo (3.276 deg/s from 0) catches the trajectory before its start.
      s.clock.advance(8000);
      const servo = s.system.servos.get('DR_PFP');
      let checked = 0;
      while (s.seconds() < start + 5.8) {
        s.clock.advance(10);
        if (s.seconds() < start) continue;
        expect(Math.abs((servo?.coords[0] as number) - spline.evaluate(s.seconds()))).toBeLessThan(1e-6);
        checked++;
      }
      expect(checked).toBeGreaterThan(500);
      s.clock.advance(1000);
      expect(servo?.trajectoryId).toBeUndefined();
      expect(s.cmd(`PROGRAMTRACK=DR_PFP,7,30,*,1`)).toBe('OUTPUT:BAD');
    } finally {
      s.system.dispose();
    }
  });

  it('refuses program-track commands with the documented errors', () => {
    const s = servos();
    try {
      const future = (s.seconds() + 10).toFixed(3);
      expect(s.cmd('PROGRAMTRACK')).toBe('OUTPUT:BAD_ARGUMENTS_NUMBER');
      expect(s.cmd(`PROGRAMTRACK=M3R,1,0,${future},1`)).toBe('OUTPUT:BAD'); // not capable
      expect(s.cmd(`PROGRAMTRACK=FOO,1,0,${future},1`)).toBe('OUTPUT:BAD');
      expect(s.cmd(`PROGRAMTRACK=PFP,1,0,${future},1`)).toBe('OUTPUT:BAD_ARGUMENTS_NUMBER');
      expect(s.cmd(`PROGRAMTRACK=DR_GFR1,x,0,${future},1`)).toBe('OUTPUT:BAD_ARGUMENTS_TYPE');
      expect(s.cmd(`PROGRAMTRACK=DR_GFR1,1,0,soon,1`)).toBe('OUTPUT:BAD_ARGUMENTS_TYPE');
      expect(s.cmd(`PROGRAMTRACK=DR_GFR1,1,0,${s.seconds() - 1},1`)).toBe('OUTPUT:BAD'); // in the past
      expect(s.cmd(`PROGRAMTRACK=DR_GFR1,1,1,${future},1`)).toBe('OUTPUT:BAD'); // a new trajectory starts at point 0
      expect(s.cmd(`PROGRAMTRACK=DR_GFR1,1,0,${future},1`)).toMatch(/^OUTPUT:GOOD/);
      expect(s.cmd('PROGRAMTRACK=DR_GFR1,2,1,*,1')).toBe('OUTPUT:BAD'); // other trajectory
      expect(s.cmd('PROGRAMTRACK=DR_GFR1,1,2,*,1')).toBe('OUTPUT:BAD'); // skipped point
      expect(s.cmd('PROGRAMTRACK=DR_GFR1,1,1,*,1')).toMatch(/^OUTPUT:GOOD/);
      expect(s.cmd('PROGRAMTRACK=SRP,1,0,*,1,2,3,4,5,6')).toBe('OUTPUT:BAD');
    } finally {
      s.system.dispose();
    }
  });

  it('reports every servo with its own fields', () => {
    const s = servos();
    try {
      expect(s.cmd('STATUS=PFP')).toMatch(
        /,PFP_ENABLED=1\|PFP_STATUS=1\|PFP_BLOCK=2\|PFP_OPERATIVE_MODE=0\|PFP_X_ENABLED=1\|PFP_Z_MASTER_ENABLED=1\|PFP_Z_SLAVE_ENABLED=1\|PFP_THETA_MASTER_ENABLED=1\|PFP_THETA_SLAVE_ENABLED=1\|PFP_ELONG_X=-?\d+\.\d{6}\|PFP_ELONG_Z_MASTER=.*\|PFP_ELONG_THETA_SLAVE=-?\d+\.\d{6}\|PFP_TX=0\.000000\|PFP_TZ=0\.000000\|PFP_RTHETA=0\.000000\|PFP_OFFSET_TX=0\.000000\|PFP_OFFSET_TZ=0\.000000\|PFP_OFFSET_RTHETA=0\.000000$/,
      );
      expect(s.cmd('STATUS=SRP')).toMatch(/SRP_Z1_ENABLED=1\|SRP_Z2_ENABLED=1\|SRP_Z3_ENABLED=1\|SRP_Y1_ENABLED=1\|SRP_Y2_ENABLED=1\|SRP_X1_ENABLED=1\|SRP_ELONG_Z1=.*SRP_ELONG_X1=-?\d+\.\d{6}\|SRP_TX=0\.000000\|.*\|SRP_RZ=0\.000000\|SRP_OFFSET_TX=0\.000000\|.*SRP_OFFSET_RZ=0\.000000$/);
      expect(s.cmd('STATUS=GFR')).toMatch(/GFR_CLOCKWISE_ENABLED=1\|GFR_COUNTERCLOCKWISE_ENABLED=1\|GFR_CLOCKWISE=-?\d\.\d{6}\|GFR_COUNTERCLOCKWISE=-?\d\.\d{6}\|GFR_ROTATION=0\.000000\|GFR_OFFSET=0\.000000$/);
      expect(s.cmd('STATUS=NOPE')).toBe('OUTPUT:BAD');
      expect(s.cmd(' STATUS = M3R ')).toMatch(/^OUTPUT:GOOD,.*M3R_OFFSET=0\.000000$/);
    } finally {
      s.system.dispose();
    }
  });

  it('drops an endless line with DeviceError and keeps parsing', () => {
    const s = servos();
    try {
      const parser = s.system.createParser();
      let error: unknown;
      for (let i = 0; i < 70000 && !error; i++) {
        try {
          void parser.parse(0x41);
        } catch (err) {
          error = err;
        }
      }
      expect(error).toBeInstanceOf(DeviceError);
      let reply: unknown;
      for (const b of Buffer.from('STOP=GFR\r\n')) reply = parser.parse(b);
      expect(String(reply)).toMatch(/^OUTPUT:GOOD,/);
    } finally {
      s.system.dispose();
    }
  });
});
