/** Bench phase: the same ledger entries read as EPCIS events (REST) and through GraphQL `movements`, in one run. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { GraphQLClient } from './client';
import { fmt, pct, Row } from './stats';

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Every field an EPCIS event shows, so both sides read the same data. */
const MOVEMENTS = `query Movements($first: Int, $after: String) {
  movements(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { hash chain direction reason warehouseCode productCode batch quantity unit counterpartyCode sourceHash inputs { product batch } corrects transportDoc occurredAt recordedAt } }
  }
}`;

interface MovementsPage {
  movements: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] };
}

function get(url: URL, token: string): Promise<{ body: string; link: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`bench: GET ${url.pathname} answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`));
        else resolve({ body: Buffer.concat(chunks).toString('utf8'), link: res.headers.link as string | undefined });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Reads the first `limit` entries both ways, `pageSize` a page (GraphQL's
 * maximum, so both sides make the same number of calls), one client.
 */
export async function benchEpcisQuery(graphqlUrl: string, token: string, limit: number, pageSize = 100): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const origin = new URL(graphqlUrl).origin;
  let events = 0;
  let next: URL | null = new URL(`/epcis/events?perPage=${pageSize}`, origin);
  const epcisStart = performance.now();
  while (next && events < limit) {
    const page = await get(next, token);
    events += (JSON.parse(page.body) as { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } }).epcisBody.queryResults.resultsBody.eventList.length;
    const target = page.link ? /<([^>]+)>/.exec(page.link)?.[1] : undefined;
    next = target ? new URL(new URL(target).pathname + new URL(target).search, origin) : null;
  }
  const epcisSeconds = (performance.now() - epcisStart) / 1000;

  const api = new GraphQLClient(graphqlUrl);
  let entries = 0;
  let after: string | null = null;
  const gqlStart = performance.now();
  for (;;) {
    const page: MovementsPage = await api.request<MovementsPage>(token, MOVEMENTS, { first: pageSize, after });
    entries += page.movements.edges.length;
    if (!page.movements.pageInfo.hasNextPage || entries >= limit) break;
    after = page.movements.pageInfo.endCursor;
  }
  const gqlSeconds = (performance.now() - gqlStart) / 1000;
  agent.destroy();
  const epcisRate = events / epcisSeconds;
  const gqlRate = entries / gqlSeconds;
  return {
    rows: [
      { metric: `6. EPCIS GET /epcis/events (${pageSize}/page), events/s`, measured: fmt(epcisRate), baseline: fmt(gqlRate), ratio: pct(epcisRate / gqlRate), target: 'baseline: GraphQL movements', verdict: 'info' },
    ],
    result: { events, epcisSeconds, epcisRate, entries, gqlSeconds, gqlRate, pageSize },
  };
}
