import type { Socket } from 'node:net';

/** Bytes of one ACU status frame (the 10 Hz stream). */
const ACU_STATUS_FRAME = 813;

/** Records when each whole ACU status frame arrives on `socket`; the returned array fills as they come. */
export function recordAcuFrameArrivals(socket: Socket): number[] {
  const arrivals: number[] = [];
  let pending = 0;
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.length;
    while (pending >= ACU_STATUS_FRAME) {
      pending -= ACU_STATUS_FRAME;
      arrivals.push(performance.now());
    }
  });
  return arrivals;
}
