// An answer made once and sent many times: its JSON, a validator (ETag) and its brotli and gzip bytes, each
// compressed the first time a client asks for it and kept with the answer (in the answer cache), so a repeated
// request costs what a bare route costs: no serialising, no hashing, no compressing.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';
/** Below this the compressed form saves less than its headers cost (as @fastify/compress's threshold). */
export const COMPRESS_THRESHOLD = 1024;

export class PreparedAnswer {
  /** Weak: the br, gzip and identity forms share it (they are the same answer). */
  readonly etag: string;
  private readonly encoded = new Map<Encoding | 'identity', Buffer>();

  constructor(
    readonly body: string,
    readonly contentType: string,
    /** Cache-Control, decided by the route (an immutable finalized period, or revalidate each time). */
    readonly cacheControl: string,
  ) {
    this.etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  }

  /** The answer's bytes as sent: compressed, or its UTF-8 as it is (made once: a string is encoded per send). */
  bytes(encoding: Encoding | 'identity'): Buffer {
    let out = this.encoded.get(encoding);
    if (!out && encoding === 'identity') {
      out = Buffer.from(this.body, 'utf8');
      this.encoded.set(encoding, out);
    } else if (!out) {
      // Brotli quality 5: most of brotli's gain over gzip at a few ms for the largest answers (once each).
      out =
        encoding === 'br'
          ? brotliCompressSync(this.body, {
              params: {
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                [constants.BROTLI_PARAM_QUALITY]: 5,
              },
            })
          : gzipSync(this.body, { level: 6 });
      this.encoded.set(encoding, out);
    }
    return out;
  }
}

/** Accept-Encoding values already read: browsers and clients send a handful of distinct ones. */
const chosen = new Map<string, Encoding | undefined>();
const CHOSEN_MAX = 64;

/** The client's preferred encoding of the two we make (br before gzip at equal q), or none. */
export function preferredEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  // Read once per distinct header, not per request (parsing it was ~4% of a cached answer's CPU).
  if (chosen.has(header)) return chosen.get(header);
  const best = parseAcceptEncoding(header);
  if (chosen.size >= CHOSEN_MAX) chosen.clear(); // a client inventing values gets no memory from us
  chosen.set(header, best);
  return best;
}

function parseAcceptEncoding(header: string): Encoding | undefined {
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name!.trim(), Number.isFinite(value) ? value : 0);
  }
  const of = (e: string) => q.get(e) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => of(e) > 0).sort((a, b) => of(b) - of(a))[0];
  return best;
}

/** True when one of the client's validators matches (weak comparison, as If-None-Match asks). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/**
 * Sends a prepared answer: 304 when the client holds it, else its compressed bytes when the client accepts
 * them. `vary` names what else the answer depends on (e.g. Cookie: the public and staff get different values).
 */
export function sendPrepared(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: PreparedAnswer,
  vary: string[] = [],
): FastifyReply {
  void reply
    .header('etag', answer.etag)
    .header('cache-control', answer.cacheControl)
    .header('vary', ['Accept-Encoding', ...vary].join(', '));
  if (notModified(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
  const encoding =
    answer.body.length >= COMPRESS_THRESHOLD
      ? preferredEncoding(request.headers['accept-encoding'])
      : undefined;
  if (!encoding) return reply.type(answer.contentType).send(answer.bytes('identity'));
  // Content-Encoding set here tells @fastify/compress to leave the bytes alone.
  return reply.type(answer.contentType).header('content-encoding', encoding).send(answer.bytes(encoding));
}
