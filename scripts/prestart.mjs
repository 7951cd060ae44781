// What `npm start` does before the server: the console's build check (a build of its own in the
// background when web/ changed) and the server's transpile of what changed, in one node process,
// where two processes cost a second start about a second more on a loaded machine.
import { buildConsole } from './console-build.mjs';
import { buildServer } from './build-server.mjs';

buildConsole({ background: true });
await buildServer();
