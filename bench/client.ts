/** A small GraphQL-over-HTTP client with keep-alive connections: the bench's stand-in for API clients. */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

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
    const text = await new Promise<string>((resolve, reject) => {
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
      req.on('error', reject);
      req.end(body);
    });
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
}

export function closeClients(): void {
  agent.destroy();
}
