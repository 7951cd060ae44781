/** A small GraphQL-over-HTTP client with keep-alive connections: the bench's stand-in for API clients. */
import http from 'node:http';

const MAX_SOCKETS = 128;
const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export class GraphQLClient {
  private readonly url: URL;

  constructor(url: string) {
    this.url = new URL(url);
  }

  /** Posts one operation; throws on an HTTP failure or a GraphQL error. */
  async request<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = JSON.stringify({ query, variables });
    const text = await this.post(token, body);
    let parsed: GraphQLResponse<T>;
    try {
      parsed = JSON.parse(text) as GraphQLResponse<T>;
    } catch {
      throw new Error(`bench: the server answered with no JSON: ${text.slice(0, 300)}`);
    }
    if (parsed.errors?.length) {
      const first = parsed.errors[0];
      throw new Error(`bench: GraphQL error: ${first.message} ${JSON.stringify(first.extensions ?? {}).slice(0, 500)}`);
    }
    return parsed.data as T;
  }

  /**
   * Sends the body again when it went out on a kept-alive connection the server had just closed as
   * idle (Node's documented race: the server never read it); after a pause, every idle connection
   * may be such a one.
   */
  private async post(token: string, body: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(token, body);
      } catch (error) {
        const { reusedSocket, code } = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
        if (!reusedSocket || code !== 'ECONNRESET' || attempt > MAX_SOCKETS) throw error;
      }
    }
  }

  private send(token: string, body: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          hostname: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', reject);
        },
      );
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  }
}

export function closeClients(): void {
  agent.destroy();
}
