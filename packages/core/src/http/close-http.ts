/** What {@link closeHttp} needs of an HTTP app (a fastify instance fits), so core never imports fastify. */
export interface ClosableHttpApp {
  close(): Promise<unknown>;
}

/** A long-lived response (an SSE stream) that the server ends itself; it may remove itself from its set. */
export interface ClosableStream {
  close(): void;
}

/**
 * The HTTP half of a server's shutdown: ends every open event stream first, so clients see a clean end of stream
 * rather than a reset, then closes the app. An SSE response never finishes by itself, so without this the close
 * would wait on it; connections still open after that are the app's to destroy (fastify: `forceCloseConnections`).
 */
export async function closeHttp(app: ClosableHttpApp, streams: Iterable<ClosableStream> = []): Promise<void> {
  // A copy: a stream's close typically deletes it from the set being walked.
  for (const stream of [...streams]) stream.close();
  await app.close();
}
