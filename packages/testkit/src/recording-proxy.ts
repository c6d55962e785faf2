import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through a RecordingProxy, as the sender wrote it. */
export interface RecordedRequest {
  method: string;
  /** The request target exactly as sent (path and query string). */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** What the upstream answered (0 while it has not, 502 when it could not be reached). */
  status: number;
}

/** Headers a client sets for its own connection; everything else is what a replay repeats. */
const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** The headers of a recorded request that a replay sends again (identity headers included). */
export function replayableHeaders(recorded: Pick<RecordedRequest, 'headers'>): Record<string, string> {
  return Object.fromEntries(Object.entries(recorded.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * A transparent HTTP proxy that keeps every request it forwards, headers and body, byte for byte: put
 * between two processes, it shows what one sends the other (what someone on that network could capture).
 * The upstream is set once known (`target`); until then requests are answered 502.
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  target: URL | null = null;
  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<RecordingProxy> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RecordingProxy(server, (server.address() as AddressInfo).port);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => proxy.forward(req, res));
    return proxy;
  }

  /** Base URL of the proxy (no path). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name] = value;
        else if (Array.isArray(value)) headers[name] = value.join(', ');
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body: Buffer.concat(chunks), status: 0 };
      this.requests.push(recorded);
      if (!this.target) {
        recorded.status = 502;
        res.writeHead(502).end();
        return;
      }
      const upstream = http.request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: recorded.method,
          path: recorded.url,
          headers: { ...replayableHeaders(recorded), 'content-length': String(recorded.body.length) },
        },
        (answer) => {
          recorded.status = answer.statusCode ?? 0;
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
          res.writeHead(recorded.status, out);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        recorded.status = 502;
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(recorded.body);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
