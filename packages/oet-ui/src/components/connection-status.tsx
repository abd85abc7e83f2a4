import type { StreamStatus } from '../api/event-stream.js';

/** The live stream's state in words (catching up after a reconnect is shown, not hidden). */
export function statusText(status: StreamStatus): string {
  switch (status.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Live';
    case 'catching-up':
      return `Catching up (events after #${status.after})…`;
    case 'reconnecting':
      return `Disconnected, reconnecting (attempt ${status.attempt}): ${status.reason}`;
    case 'failed':
      return `Stream refused: ${status.error.message}`;
  }
}

export function ConnectionStatus({ status }: { status: StreamStatus }) {
  return (
    <p class={`connection ${status.kind}`} role="status" data-status={status.kind}>
      {statusText(status)}
    </p>
  );
}
