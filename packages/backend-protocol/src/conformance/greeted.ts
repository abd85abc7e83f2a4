import { checkLine, versionReply } from './check-line.js';
import type { ResolvedOptions } from './options.js';
import { RawConnection } from './raw-connection.js';

/** Opens a connection and checks its greeting; the caller owns (and disposes) it. */
export async function greeted(host: string, port: number, options: ResolvedOptions): Promise<RawConnection> {
  const conn = await RawConnection.open(host, port, options.timeoutMs);
  const greeting = await conn.readLine(options.timeoutMs);
  checkLine(greeting, versionReply(options), options);
  return conn;
}
