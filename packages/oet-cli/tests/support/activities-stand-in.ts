import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpJsonClient, openEventStream } from '@observatory/core';
import type { ActivitySummary, ProcedureSummary } from '../../src/index.js';
import { scriptUri } from './harness.js';

/**
 * STAND-IN, not the OET server: the real `@ska/oet-server` answers 501 for `/activities` (spec §8 is a
 * later stage). This small HTTP front serves `/activities` as spec §8 describes (activity name -> a
 * fixture script; no ODA, no SBI files) by creating and starting procedures on the REAL server behind
 * it, and forwards every other request (procedures, the SSE stream) to that real server unchanged.
 */
export class ActivitiesStandIn {
  url = '';
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly sockets = new Set<Socket>();
  private readonly activities: ActivitySummary[] = [];
  private readonly upstream: HttpJsonClient;
  private readonly streams = new AbortController();

  constructor(
    private readonly upstreamUrl: string,
    private readonly scripts: Record<string, string> = { observe: 'hello.js', broken: 'fail.js' },
  ) {
    this.upstream = new HttpJsonClient({ baseUrl: upstreamUrl });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}${new URL(this.upstreamUrl).pathname}`;
    return this.url;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const base = new URL(this.url).pathname;
    const path = (req.url ?? '/').slice(base.length);
    try {
      if (path === '/activities/' || path === '/activities') {
        if (req.method === 'POST') return send(res, 201, await this.create(JSON.parse(await readBody(req)) as Record<string, unknown>));
        return send(res, 200, this.activities);
      }
      const one = /^\/activities\/(\d+)$/.exec(path);
      if (one) {
        const activity = this.activities.find((a) => a.id === Number(one[1]));
        return activity ? send(res, 200, activity) : send(res, 404, { detail: `No information available for ID=${one[1]}` });
      }
      this.forward(req, res);
    } catch (err) {
      send(res, 500, { detail: String(err) });
    }
  }

  private async create(body: Record<string, unknown>): Promise<ActivitySummary> {
    const name = String(body.activity_name);
    const script = this.scripts[name];
    if (!script) throw new Error(`Activity '${name}' not present in the SBDefinition ${String(body.sbd_id)}`);
    const args = (body.script_args ?? {}) as Record<string, { args?: unknown[]; kwargs?: Record<string, unknown> } | undefined>;
    const input = (fn: string) => ({ args: args[fn]?.args ?? [], kwargs: args[fn]?.kwargs ?? {} });
    const procedure = await this.upstream.post<ProcedureSummary>('/procedures/', {
      script: { script_type: 'filesystem', script_uri: scriptUri(script) },
      script_args: { init: { args: input('init').args, kwargs: { subarray_id: 1, ...input('init').kwargs } } },
    });
    const id = this.activities.length + 1;
    const activity: ActivitySummary = {
      id,
      activity_name: name,
      sbd_id: String(body.sbd_id),
      sbi_id: `sbi-stand-in-${id}`,
      procedure_id: procedure.id,
      prepare_only: body.prepare_only === true,
      script_args: args,
      activity_states: [['TODO', Date.now() / 1000]],
      state: 'TODO',
      uri: `${this.url}/activities/${id}`,
    };
    this.activities.push(activity);
    if (!activity.prepare_only) void this.startWhenReady(procedure.id, input('main'));
    return activity;
  }

  /** Starts `main` once the procedure is READY, as the OET activity service does. */
  private async startWhenReady(pid: number, main: { args: unknown[]; kwargs: Record<string, unknown> }): Promise<void> {
    const stream = openEventStream(`${this.upstreamUrl}/stream?topics=procedure.lifecycle.statechange`, { lastEventId: '0', signal: this.streams.signal });
    for await (const event of stream) {
      const data = JSON.parse(event.data) as { msg_src: string; new_state: string };
      if (data.msg_src === String(pid) && data.new_state === 'READY') {
        await this.upstream.put(`/procedures/${pid}`, { state: 'RUNNING', script_args: { main } });
        return;
      }
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const target = new URL(this.upstreamUrl);
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    this.streams.abort();
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
    await this.upstream.close();
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}
