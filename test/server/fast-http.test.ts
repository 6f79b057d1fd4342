// The fast HTTP path in front of node:http: a real server on 127.0.0.1, raw sockets as clients so the framing on the
// wire is exactly what is sent and read. Every answer says who gave it: `fast:` from the fast path's handler,
// `node:` (and `x-served-by: node`) from node:http's request handler.
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { attachFastPath } from '../../src/server/fast-http.js';
import type { FastPath, FastPathOptions, FastRequest, FastResponse } from '../../src/server/fast-http.js';

interface RawResponse {
  readonly statusLine: string;
  readonly status: number;
  /** Lower-case names, in wire order. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  header(name: string): string | undefined;
}

/** Parses one response from the front of `data`; undefined while it is incomplete. */
function parseResponse(data: Buffer, ended: boolean): { response: RawResponse; length: number } | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = data.toString('latin1', 0, headEnd).split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  });
  const header = (name: string): string | undefined => headers.find(([n]) => n === name)?.[1];
  const status = Number(statusLine.split(' ')[1]);
  const bodyStart = headEnd + 4;
  let bodyEnd: number;
  if (status >= 100 && status < 200) bodyEnd = bodyStart;
  else if (header('transfer-encoding') !== undefined) return parseChunked(data, bodyStart, statusLine, status, headers, header);
  else if (header('content-length') !== undefined) bodyEnd = bodyStart + Number(header('content-length'));
  else if (ended) bodyEnd = data.length; // no framing: the body runs to the close
  else return undefined;
  if (data.length < bodyEnd) return undefined;
  return { response: { statusLine, status, headers, body: data.toString('utf8', bodyStart, bodyEnd), header }, length: bodyEnd };
}

/** A chunked body (node:http's own error answers use one); trailers are not expected. */
function parseChunked(
  data: Buffer,
  at: number,
  statusLine: string,
  status: number,
  headers: readonly (readonly [string, string])[],
  header: (name: string) => string | undefined,
): { response: RawResponse; length: number } | undefined {
  const chunks: Buffer[] = [];
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = parseInt(data.toString('latin1', at, lineEnd), 16);
    const end = lineEnd + 2 + size + 2;
    if (data.length < end) return undefined;
    if (size === 0) return { response: { statusLine, status, headers, body: Buffer.concat(chunks).toString('utf8'), header }, length: end };
    chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = end;
  }
}

/** A raw client connection that reads answers one at a time. */
class Client {
  private received: Buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;
  readonly closed: Promise<void>;

  /** `server` is the same connection's server-side socket. */
  constructor(
    readonly socket: Socket,
    readonly server: Socket,
  ) {
    const notify = (): void => {
      this.wake?.();
      this.wake = undefined;
    };
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      notify();
    });
    socket.on('end', () => {
      this.ended = true;
      notify();
    });
    // A reset by the server is a close like any other here; tests look at what was answered before it.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        notify();
        resolve();
      }),
    );
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The next answer on this connection. */
  async response(): Promise<RawResponse> {
    for (;;) {
      const parsed = parseResponse(this.received, this.ended);
      if (parsed !== undefined) {
        this.received = this.received.subarray(parsed.length);
        return parsed.response;
      }
      if (this.ended) throw new Error(`the connection closed; unanswered bytes: ${JSON.stringify(this.received.toString('latin1'))}`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Bytes received and not yet read as an answer. */
  get unread(): string {
    return this.received.toString('latin1');
  }
}

/** Resolves when a server-side socket has closed (events.once would reject on its 'error'). */
function closeOf(socket: Socket | undefined): Promise<void> {
  if (socket === undefined || socket.closed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** A promise the test resolves. */
function gate(): { promise: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

interface Harness {
  readonly port: number;
  readonly server: Server;
  readonly fastPath: FastPath;
  /** Requests the fast path's handler received. */
  readonly handled: FastRequest[];
  /** `/slow` waits for this gate to open; `entered` resolves when such a request reached the handler. */
  readonly slow: { readonly entered: Promise<void>; release(): void };
  /** Server-side sockets, so each test can end them all. */
  readonly sockets: Set<Socket>;
  client(): Promise<Client>;
}

const harnesses: Harness[] = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  for (const h of harnesses.splice(0)) {
    h.slow.release();
    h.fastPath.closeIdle();
    for (const socket of h.sockets) socket.destroy();
    h.server.closeAllConnections();
    await new Promise<void>((resolve) => h.server.close(() => resolve()));
  }
});

async function start(options: Partial<Pick<FastPathOptions, 'bodyLimit' | 'keepAliveTimeoutMs' | 'requestTimeoutMs'>> = {}): Promise<Harness> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = `node:${req.method} ${req.url} ${Buffer.concat(chunks).toString('utf8')}`;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-served-by': 'node', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  const handled: FastRequest[] = [];
  const slowGate = gate();
  const entered = gate();
  let requestIds = 0;
  const fastPath = attachFastPath(server, {
    accepts: (_method, url) => !url.startsWith('/_castellan/'),
    async handle(req): Promise<FastResponse> {
      handled.push(req);
      if (req.url === '/slow') {
        entered.open();
        await slowGate.promise;
      }
      requestIds += 1;
      return {
        status: 200,
        headers: [
          ['content-type', 'text/xml'],
          ['x-amzn-RequestId', `request-${requestIds}`],
        ],
        body: `fast:${req.method} ${req.url} ${req.body.toString('utf8')}`,
        ...(req.url === '/close' && { close: true }),
      };
    },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 60_000,
    ...(options.requestTimeoutMs !== undefined && { requestTimeoutMs: options.requestTimeoutMs }),
  });
  const sockets = new Set<Socket>();
  // Server-side sockets by their peer's port, for client() to find its own.
  const accepted = new Map<number, { socket?: Socket; waiter?: (socket: Socket) => void }>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const entry = accepted.get(socket.remotePort ?? -1);
    if (entry?.waiter !== undefined) entry.waiter(socket);
    else accepted.set(socket.remotePort ?? -1, { socket });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const port = address.port;
  const harness: Harness = {
    port,
    server,
    fastPath,
    handled,
    slow: { entered: entered.promise, release: slowGate.open },
    sockets,
    async client() {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      const localPort = socket.localPort ?? -1;
      const serverSide =
        accepted.get(localPort)?.socket ?? (await new Promise<Socket>((resolve) => accepted.set(localPort, { waiter: resolve })));
      accepted.delete(localPort);
      const client = new Client(socket, serverSide);
      clients.push(client);
      return client;
    },
  };
  harnesses.push(harness);
  return harness;
}

/** A plain request with Content-Length framing. */
function post(path: string, body = '', extra = ''): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function expectFast(res: RawResponse, body: string): void {
  expect(res.status).toBe(200);
  expect(res.header('x-served-by')).toBeUndefined();
  expect(res.body).toBe(body);
}

function expectNode(res: RawResponse, body: string): void {
  expect(res.status).toBe(200);
  expect(res.header('x-served-by')).toBe('node');
  expect(res.body).toBe(body);
}

describe('the fast path answers plain requests', () => {
  it('answers a plain POST from the handler with an exact content-length, a Date header and no Connection header', async () => {
    const h = await start();
    const client = await h.client();
    const body = 'UserName=zoë&Note=✓ 😀';
    client.write(post('/', body));
    const res = await client.response();
    const expected = `fast:POST / ${body}`;
    expect(res.statusLine).toBe('HTTP/1.1 200 OK');
    expect(res.header('content-type')).toBe('text/xml');
    expect(res.header('x-amzn-requestid')).toBe('request-1');
    expect(res.header('content-length')).toBe(String(Buffer.byteLength(expected)));
    expect(Buffer.byteLength(expected)).toBeGreaterThan(expected.length);
    expect(res.header('date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(res.header('connection')).toBeUndefined();
    expect(res.body).toBe(expected);
    expect(client.unread).toBe('');
  });

  it('gives the handler the method, the target with its query, lower-case headers, the body and the peer address', async () => {
    const h = await start();
    const client = await h.client();
    client.write('GET /some/path?Action=GetUser&Version=2010-05-08 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Date: 20240101T000000Z\r\n\r\n');
    expectFast(await client.response(), 'fast:GET /some/path?Action=GetUser&Version=2010-05-08 ');
    expect(h.handled).toHaveLength(1);
    const [req] = h.handled;
    expect(req?.method).toBe('GET');
    expect(req?.url).toBe('/some/path?Action=GetUser&Version=2010-05-08');
    expect({ ...req?.headers }).toEqual({ host: '127.0.0.1', 'x-amz-date': '20240101T000000Z' });
    expect(req?.body.length).toBe(0);
    expect(req?.remoteAddress).toMatch(/127\.0\.0\.1$/);
  });

  it('answers a request from a real HTTP client (fetch)', async () => {
    const h = await start();
    const res = await fetch(`http://127.0.0.1:${h.port}/fetched`, { method: 'POST', body: 'Action=GetUser' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toBe('request-1');
    expect(await res.text()).toBe('fast:POST /fetched Action=GetUser');
  });

  it('answers three requests in turn on one kept-alive connection', async () => {
    const h = await start();
    const client = await h.client();
    for (const n of [1, 2, 3]) {
      client.write(post(`/r${n}`, `n=${n}`));
      const res = await client.response();
      expectFast(res, `fast:POST /r${n} n=${n}`);
      expect(res.header('x-amzn-requestid')).toBe(`request-${n}`);
    }
    expect(h.sockets.size).toBe(1);
  });

  it('answers pipelined requests sent in one write, in order', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/a', 'first') + post('/b', 'second') + post('/c', 'third'));
    expectFast(await client.response(), 'fast:POST /a first');
    expectFast(await client.response(), 'fast:POST /b second');
    expectFast(await client.response(), 'fast:POST /c third');
  });

  it('answers a request that arrives one byte per write', async () => {
    const h = await start();
    const client = await h.client();
    client.socket.setNoDelay(true);
    const bytes = Buffer.from(post('/bytes', 'Action=GetUser&Name=é'));
    for (let i = 0; i < bytes.length; i++) {
      client.write(bytes.subarray(i, i + 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expectFast(await client.response(), 'fast:POST /bytes Action=GetUser&Name=é');
  });

  it('answers `Connection: close` with `Connection: close` and closes the connection', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/', 'x', 'Connection: close\r\n'));
    const res = await client.response();
    expectFast(res, 'fast:POST / x');
    expect(res.header('connection')).toBe('close');
    await client.closed;
  });

  it('closes the connection after an answer the handler marks `close`', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/close', 'x'));
    const res = await client.response();
    expectFast(res, 'fast:POST /close x');
    expect(res.header('connection')).toBe('close');
    await client.closed;
  });

  it('answers a request whose client half-closes after sending it, then closes', async () => {
    const h = await start();
    const client = await h.client();
    client.socket.end(post('/', 'bye'));
    const res = await client.response();
    expectFast(res, 'fast:POST / bye');
    await client.closed;
  });

  it('answers every pipelined request of a client that half-closes after them, then closes', async () => {
    const h = await start();
    const client = await h.client();
    client.socket.end(post('/a', '1') + post('/b', '2'));
    expectFast(await client.response(), 'fast:POST /a 1');
    expectFast(await client.response(), 'fast:POST /b 2');
    await client.closed;
  });

  it('closes a kept-alive connection once it has been idle for the keep-alive timeout', async () => {
    const h = await start({ keepAliveTimeoutMs: 200 });
    const client = await h.client();
    client.write(post('/', 'x'));
    expectFast(await client.response(), 'fast:POST / x');
    await client.closed;
  });

  it('answers 408 and closes when a request trickles in for longer than the request timeout', async () => {
    const h = await start({ requestTimeoutMs: 100 });
    const client = await h.client();
    client.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // Each byte restarts the idle timer; only the request timeout ends this.
    for (let i = 0; i < 30 && !client.socket.destroyed && client.socket.readyState === 'open'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      client.write('X');
    }
    const response = await client.response();
    expect(response.status).toBe(408);
    expect(response.header('connection')).toBe('close');
    await client.closed;
  });
});

describe('requests the fast path does not serve are handed to node:http', () => {
  it('hands over a chunked body', async () => {
    const h = await start();
    const client = await h.client();
    client.write('POST /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
    expectNode(await client.response(), 'node:POST /chunked hello world');
    expect(h.handled).toHaveLength(0);
  });

  it('hands over `Expect: 100-continue`: the client sees 100 Continue, then the answer', async () => {
    const h = await start();
    const client = await h.client();
    client.write('POST /expect HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n');
    const interim = await client.response();
    expect(interim.statusLine).toBe('HTTP/1.1 100 Continue');
    client.write('body');
    expectNode(await client.response(), 'node:POST /expect body');
  });

  it('hands over `Expect: 100-continue` from a real client (http.request)', async () => {
    const h = await start();
    const answer = await new Promise<{ status: number | undefined; servedBy: unknown; body: string; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = httpRequest({ host: '127.0.0.1', port: h.port, method: 'POST', path: '/expect', headers: { expect: '100-continue', 'content-length': 4 } });
      req.on('continue', () => {
        continued = true;
        req.end('body');
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, servedBy: res.headers['x-served-by'], body, continued }));
      });
      req.on('error', reject);
    });
    expect(answer).toEqual({ status: 200, servedBy: 'node', body: 'node:POST /expect body', continued: true });
  });

  it('hands over an HTTP/1.0 request', async () => {
    const h = await start();
    const client = await h.client();
    client.write('POST /old HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc');
    expectNode(await client.response(), 'node:POST /old abc');
  });

  it('hands over a request with a repeated header', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/twice', 'x', 'X-Amz-Meta: one\r\nX-Amz-Meta: two\r\n'));
    expectNode(await client.response(), 'node:POST /twice x');
  });

  it('hands over a path `accepts` refuses', async () => {
    const h = await start();
    const client = await h.client();
    client.write('GET /_castellan/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expectNode(await client.response(), 'node:GET /_castellan/health ');
    expect(h.handled).toHaveLength(0);
  });

  it('hands over a body larger than bodyLimit, and node:http reads all of it', async () => {
    const h = await start({ bodyLimit: 16 });
    const client = await h.client();
    const body = 'a'.repeat(17);
    client.write(post('/big', body));
    expectNode(await client.response(), `node:POST /big ${body}`);
  });

  it('serves a body exactly bodyLimit long', async () => {
    const h = await start({ bodyLimit: 16 });
    const client = await h.client();
    const body = 'a'.repeat(16);
    client.write(post('/limit', body));
    expectFast(await client.response(), `fast:POST /limit ${body}`);
  });

  it('hands over a header section over 16 KiB, which node:http answers with 431', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/', 'x', `X-Big: ${'b'.repeat(17 * 1024)}\r\n`));
    const res = await client.response();
    expect(res.status).toBe(431);
    await client.closed;
    expect(h.handled).toHaveLength(0);
  });

  it('hands over more than 16 KiB of head without its end, which node:http answers with 431', async () => {
    const h = await start();
    const client = await h.client();
    client.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(17 * 1024)}`);
    const res = await client.response();
    expect(res.status).toBe(431);
    await client.closed;
  });

  it('hands over a folded header line, which node:http answers with 400', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/folded', 'x', 'X-Amz-Meta: one\r\n two\r\n'));
    const res = await client.response();
    expect(res.status).toBe(400);
    await client.closed;
    expect(h.handled).toHaveLength(0);
  });

  it('hands over a request without a Host header, which node:http answers with 400', async () => {
    const h = await start();
    const client = await h.client();
    client.write('POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx');
    const res = await client.response();
    expect(res.status).toBe(400);
    await client.closed;
    expect(h.handled).toHaveLength(0);
  });

  it('hands over a head whose lines end in bare LFs, which node:http answers with 400', async () => {
    const h = await start();
    const client = await h.client();
    client.write('GET / HTTP/1.1\nHost: 127.0.0.1\n\n');
    const res = await client.response();
    expect(res.status).toBe(400);
    await client.closed;
  });

  it('hands over a method other than GET and POST', async () => {
    const h = await start();
    const client = await h.client();
    client.write('PUT /put HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\nx');
    expectNode(await client.response(), 'node:PUT /put x');
  });

  it('leaves the connection to node:http after a hand-over: four requests in turn are answered in order', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/one', '1'));
    expectFast(await client.response(), 'fast:POST /one 1');
    client.write(post('/two', '2'));
    expectFast(await client.response(), 'fast:POST /two 2');
    client.write('POST /three HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n3\r\n0\r\n\r\n');
    expectNode(await client.response(), 'node:POST /three 3');
    client.write(post('/four', '4'));
    expectNode(await client.response(), 'node:POST /four 4');
    expect(h.handled.map((r) => r.url)).toEqual(['/one', '/two']);
    expect(h.sockets.size).toBe(1);
  });

  it('answers a fast request and a chunked one pipelined in one write: the fast answer first, then node:http’s', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/fast', 'f') + 'POST /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nc\r\n0\r\n\r\n');
    expectFast(await client.response(), 'fast:POST /fast f');
    expectNode(await client.response(), 'node:POST /chunked c');
  });

  it('hands over a pipelined chunked request behind a slow fast one only once the fast one is answered', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/slow', 's') + 'POST /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nc\r\n0\r\n\r\n');
    await h.slow.entered;
    h.slow.release();
    expectFast(await client.response(), 'fast:POST /slow s');
    expectNode(await client.response(), 'node:POST /chunked c');
  });
});

describe('closeIdle', () => {
  it('closes an idle kept-alive connection', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/', 'x'));
    expectFast(await client.response(), 'fast:POST / x');
    h.fastPath.closeIdle();
    await client.closed;
  });

  it('lets a request in flight finish: its answer carries `Connection: close`, then the connection closes', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/slow', 'x'));
    await h.slow.entered;
    h.fastPath.closeIdle();
    h.slow.release();
    const res = await client.response();
    expectFast(res, 'fast:POST /slow x');
    expect(res.header('connection')).toBe('close');
    await client.closed;
  });

  it('answers a request that was half received, with `Connection: close`, once the rest arrives', async () => {
    const h = await start();
    const client = await h.client();
    const request = post('/half', 'body');
    const firstPartRead = once(client.server, 'data');
    client.write(request.slice(0, 20));
    await firstPartRead;
    h.fastPath.closeIdle();
    client.write(request.slice(20));
    const res = await client.response();
    expectFast(res, 'fast:POST /half body');
    expect(res.header('connection')).toBe('close');
    await client.closed;
  });

  it('does not drop an answer that is ready but not yet written', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/slow', 'x'));
    await h.slow.entered;
    h.slow.release();
    // A tick runs after the promise jobs: the handler has answered, and the answer may still wait to be written.
    await new Promise((resolve) => process.nextTick(resolve));
    expect(h.handled).toHaveLength(1);
    h.fastPath.closeIdle();
    expectFast(await client.response(), 'fast:POST /slow x');
    await client.closed;
  });

  it('leaves connections made afterwards to node:http', async () => {
    const h = await start();
    h.fastPath.closeIdle();
    const client = await h.client();
    client.write(post('/late', 'x'));
    expectNode(await client.response(), 'node:POST /late x');
    expect(h.handled).toHaveLength(0);
  });
});

describe('failing clients', () => {
  it('survives a client that resets mid-request: the next connection is served', async () => {
    const h = await start();
    const client = await h.client();
    client.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\npartial');
    client.socket.resetAndDestroy();
    await closeOf(client.server);
    const next = await h.client();
    next.write(post('/next', 'x'));
    expectFast(await next.response(), 'fast:POST /next x');
  });

  it('survives a client that resets while its request is being handled', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/slow', 'x'));
    await h.slow.entered;
    client.socket.resetAndDestroy();
    await closeOf(client.server);
    h.slow.release();
    const next = await h.client();
    next.write(post('/next', 'x'));
    expectFast(await next.response(), 'fast:POST /next x');
  });

  it('survives a client that resets after a closing answer: the next connection is served', async () => {
    const h = await start();
    const client = await h.client();
    client.write(post('/close', 'x'));
    expectFast(await client.response(), 'fast:POST /close x');
    client.socket.resetAndDestroy();
    await closeOf(client.server);
    const next = await h.client();
    next.write(post('/next', 'x'));
    expectFast(await next.response(), 'fast:POST /next x');
  });
});
