// An http.Agent whose connections come from our dialer, so http.request and the WebSocket client
// go through the same proxy, trust and address choice as everything else.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { urlToHttpOptions } from 'node:url';

export class DialAgent extends http.Agent {
  constructor(
    private readonly open: () => Promise<Duplex>,
    secure: boolean,
    options: http.AgentOptions = {},
  ) {
    super(options);
    // http.request checks the agent's protocol against the URL's.
    (this as unknown as { protocol: string }).protocol = secure ? 'https:' : 'http:';
  }

  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    // Returning nothing makes the agent wait for the callback (Node's documented async form).
    this.open().then(
      (socket) => callback?.(null, socket),
      (err: unknown) => callback?.(err instanceof Error ? err : new Error(String(err)), undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/**
 * A request through our agent. ClientRequest is built directly: in the extension host VS Code swaps
 * the agent of every http.request/https.request for its own, which would drop our address, trust and
 * proxy choice.
 */
export function requestThrough(
  url: URL,
  agent: http.Agent,
  options: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): http.ClientRequest {
  return new http.ClientRequest({ ...urlToHttpOptions(url), method: 'GET', agent, ...options });
}
