// PostGraphile v5 over the bench's database, as the reads phase's reference: the
// amber preset, the same pool size as the API (10), no GraphiQL, no explain.
// Prints "PostGraphile at <url>" once it listens.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const serv = postgraphile(preset).createServ(grafserv);
const server = createServer();
await serv.addTo(server);
server.listen(0, '127.0.0.1', () => console.log(`PostGraphile at http://127.0.0.1:${server.address().port}/graphql`));
process.on('SIGTERM', () => server.close(() => serv.release().then(() => process.exit(0))));
