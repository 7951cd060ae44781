import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';

/** Why a body was not read, in body-parser's terms, so that Express's routes and GraphQL's refuse alike (graphql-refusal.ts). */
export interface BodyError {
  type: 'entity.too.large' | 'entity.parse.failed' | 'charset.unsupported' | 'encoding.unsupported';
  status: number;
  limit?: number;
}

const refused = (type: BodyError['type'], status: number, limit?: number): BodyError => ({ type, status, limit });

function inflated(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return req;
  const inflate = encoding === 'gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
  if (!inflate) throw refused('encoding.unsupported', 415);
  // pipeline, not pipe: a client that leaves mid-body destroys the inflater too, so the read ends (refused).
  pipeline(req, inflate, () => undefined);
  return inflate;
}

/**
 * A request's JSON body, as express.json reads one, without the framework: undefined when there is no body or
 * its type is not application/json; refused past `limit` bytes (by Content-Length before reading, else as the
 * bytes arrive, inflated ones counted), when it is not an object or an array, or in a charset other than UTF-8
 * (RFC 8259 §8.1: JSON between systems is UTF-8).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'];
  const declared = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || declared !== undefined;
  if (!hasBody || type === undefined) return undefined;
  const [media, ...parameters] = type.split(';');
  if (media.trim().toLowerCase() !== 'application/json') return undefined;
  const charset = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  if (charset && charset.slice(8).replace(/"/g, '') !== 'utf-8') throw refused('charset.unsupported', 415);
  if (declared !== undefined && Number(declared) > limit && !req.headers['content-encoding']) throw refused('entity.too.large', 413, limit);
  const text = await readText(inflated(req), limit);
  if (text.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw refused('entity.parse.failed', 400);
  }
  if (typeof body !== 'object' || body === null) throw refused('entity.parse.failed', 400);
  return body;
}

function readText(stream: Readable, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const fail = (error: BodyError) => {
      stream.off('data', onData);
      stream.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) return fail(refused('entity.too.large', 413, limit));
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, bytes).toString('utf8')));
    stream.once('error', () => fail(refused('entity.parse.failed', 400)));
  });
}
