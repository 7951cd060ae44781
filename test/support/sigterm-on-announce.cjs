// Preloaded (NODE_OPTIONS=--require) into a server under test: the write that announces "GraphQL at …" sends
// the server SIGTERM itself, as a supervisor stopping it on reading that line would, with no time between.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (String(chunk).includes('GraphQL at ')) process.kill(process.pid, 'SIGTERM');
  return written;
};
