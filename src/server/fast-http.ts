// A lean HTTP/1.1 path for the AWS API, in front of node:http on the same listener.
//
// Why: on the 2-core machines this project is measured on, node:http's per-request machinery (IncomingMessage and
// ServerResponse streams, header objects, timers) costs about three times a raw socket write; a server answering a
// constant string reached 11-15k requests/s through node:http and 45k through a socket. AWS clients send plain
// requests (POST or GET, Content-Length framing, keep-alive), and only those are read here. Anything else, or
// anything this reader is unsure of, is handed to node:http with the bytes not yet answered, and node:http owns the
// connection from then on: chunked bodies, `Expect`, upgrades, HTTP/1.0, repeated headers, oversized heads or
// bodies, malformed framing, and every path the fast path does not accept (health, metrics…). An http.Server takes
// a socket through its 'connection' event (documented for injecting connections); the bytes read but not answered
// are then given to its 'data' handler, before any later byte can arrive.
import { STATUS_CODES } from 'node:http';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface FastRequest {
  readonly method: 'GET' | 'POST';
  /** The request target as received (path and query). */
  readonly url: string;
  /** Lower-case names; each header appears once (a repeated header is handed to node:http). */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly remoteAddress: string | undefined;
}

export interface FastResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  /** Close the connection after this response (the server is shutting down, say). */
  readonly close?: boolean;
}

export interface FastPathOptions {
  /** Whether a request line is for the fast path; other requests go to node:http. */
  accepts(method: 'GET' | 'POST', url: string): boolean;
  /** Answers a request; must not reject. */
  handle(request: FastRequest): Promise<FastResponse>;
  /** Bodies larger than this are handed to node:http, which refuses them. */
  readonly bodyLimit: number;
  /** Idle time before a kept-alive connection is closed (ms). */
  readonly keepAliveTimeoutMs: number;
  /**
   * Time a request may take to arrive whole, from its first byte (node:http's headersTimeout, 60 s by default):
   * a client trickling bytes would otherwise hold a connection forever, as each byte restarts the idle timer.
   */
  readonly requestTimeoutMs?: number;
}

export interface FastPath {
  /** Closes connections that wait for no answer; the others close after their answer. */
  closeIdle(): void;
}

/** node:http's default limit on a request head (--max-http-header-size). */
const HEAD_LIMIT = 16 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);
// RFC 9110 token characters, and field values without control characters other than tab.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// eslint-disable-next-line no-control-regex -- control characters are what this pattern looks for
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const BAD_TARGET = /[^\x21-\x7e]/;
const DIGITS = /^\d{1,15}$/;
/** How long an answer may wait in the write queue for others. */
const MAX_HOLD_MS = 1;
/** Headers whose semantics node:http implements and this reader does not. */
const NOT_HERE: ReadonlySet<string> = new Set(['transfer-encoding', 'expect', 'upgrade', 'http2-settings']);

/** Space or horizontal tab: the optional whitespace around a field value. */
const isOws = (c: number): boolean => c === 32 || c === 9;

interface Head {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly contentLength: number;
  readonly close: boolean;
}

/**
 * Reads a request head (the bytes before the blank line, latin1 as node:http reads them). Undefined when it is
 * anything but a plain request this path serves.
 */
function parseHead(text: string, options: FastPathOptions): Head | undefined {
  const lineEnd = text.indexOf('\r\n');
  const requestLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  const sp1 = requestLine.indexOf(' ');
  const sp2 = requestLine.indexOf(' ', sp1 + 1);
  if (sp1 === -1 || sp2 === -1 || requestLine.indexOf(' ', sp2 + 1) !== -1) return undefined;
  const method = requestLine.slice(0, sp1);
  const url = requestLine.slice(sp1 + 1, sp2);
  if (requestLine.slice(sp2 + 1) !== 'HTTP/1.1') return undefined;
  if (method !== 'POST' && method !== 'GET') return undefined;
  if (url.charCodeAt(0) !== 0x2f || BAD_TARGET.test(url) || !options.accepts(method, url)) return undefined;
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  let at = lineEnd === -1 ? text.length : lineEnd + 2;
  while (at < text.length) {
    let end = text.indexOf('\r\n', at);
    if (end === -1) end = text.length;
    const line = text.slice(at, end);
    at = end + 2;
    const colon = line.indexOf(':');
    // A folded line (leading space or tab) fails the token test of its name.
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return undefined;
    // Optional whitespace trimmed by hand (measured: the replace() with a regular expression was a third of this
    // function's time on an SDK request's head).
    let from = colon + 1;
    let to = line.length;
    while (from < to && isOws(line.charCodeAt(from))) from++;
    while (to > from && isOws(line.charCodeAt(to - 1))) to--;
    const value = line.slice(from, to);
    if (BAD_VALUE.test(value)) return undefined;
    const key = name.toLowerCase();
    if (headers[key] !== undefined || NOT_HERE.has(key)) return undefined;
    headers[key] = value;
  }
  if (headers['host'] === undefined) return undefined;
  const length = headers['content-length'];
  if (length !== undefined && !DIGITS.test(length)) return undefined;
  const contentLength = length === undefined ? 0 : Number(length);
  if (contentLength > options.bodyLimit) return undefined;
  const connection = headers['connection']?.toLowerCase();
  return { method, url, headers, contentLength, close: connection !== undefined && /(^|,)\s*close\s*(,|$)/.test(connection) };
}

let dateSecond = -1;
let dateText = '';
/** The Date header, formatted once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

function serialize(res: FastResponse, close: boolean): string {
  let head = `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? 'Unknown'}\r\n`;
  for (const [name, value] of res.headers) head += `${name}: ${value}\r\n`;
  head += `content-length: ${Buffer.byteLength(res.body)}\r\nDate: ${httpDate()}\r\n`;
  // HTTP/1.1 keeps the connection by default; AWS's endpoints send no Connection or Keep-Alive header either.
  head += close ? 'Connection: close\r\n\r\n' : '\r\n';
  return head + res.body;
}

/**
 * Answers written together once the event loop has read every socket that was ready. Measured, writing each answer
 * as soon as it was ready cost a quarter of the throughput: each write woke the client's process on its own. An
 * answer never waits behind more than MAX_HOLD_MS of other requests' work (a burst of durable writes, each with its
 * fsync, would otherwise hold every answer of the burst until the last commit).
 */
class WriteQueue {
  private queue: { socket: Socket; text: string; end: boolean }[] = [];
  private scheduled = false;
  private since = 0;

  push(socket: Socket, text: string, end: boolean): void {
    this.queue.push({ socket, text, end });
    if (!this.scheduled) {
      this.scheduled = true;
      this.since = performance.now();
      setImmediate(this.onImmediate);
    } else if (performance.now() - this.since > MAX_HOLD_MS) {
      this.flush();
    }
  }

  private readonly onImmediate = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Writes every queued answer now (an early flush leaves the scheduled one to find answers queued since). */
  readonly flush = (): void => {
    this.since = performance.now();
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    for (const { socket, text, end } of queue) {
      if (socket.destroyed) continue;
      if (end) socket.end(text);
      else socket.write(text);
    }
  };
}

/**
 * Puts the fast path in front of `server`: each new connection is read here until a request is not one this path
 * serves, and then handed to the server's own connection handling.
 */
export function attachFastPath(server: Server, options: FastPathOptions): FastPath {
  const writes = new WriteQueue();
  const httpListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const idleClosers = new Set<() => void>();
  let closing = false;
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;

  server.on('connection', (socket: Socket) => {
    let pending: Buffer = EMPTY;
    let busy = false;
    let ended = false;
    let done = false;
    let requestStart = 0;

    const idle = (): boolean => !busy && pending.length === 0;
    const closeIfIdle = (): void => {
      if (!idle()) return;
      // An answer may still wait in the write queue: the close goes out after it.
      detach();
      writes.push(socket, '', true);
    };
    const detach = (): void => {
      done = true;
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('timeout', onTimeout);
      // onError stays until node:http takes the socket: queued answers and end() can still meet a reset.
      socket.removeListener('close', onClose);
      socket.removeListener('drain', pump);
      socket.setTimeout(0);
      idleClosers.delete(closeIfIdle);
    };
    const handOff = (): void => {
      detach();
      socket.removeListener('error', onError);
      // Answers still queued go out before node:http can write its own.
      writes.flush();
      const unread = pending;
      pending = EMPTY;
      for (const listener of httpListeners) listener.call(server, socket);
      // Synchronously, so no byte the server's parser reads from the socket can overtake these.
      if (unread.length > 0) socket.emit('data', unread);
      if (ended) socket.emit('end');
    };

    function pump(): void {
      while (!done && !busy && pending.length > 0 && !socket.writableNeedDrain) {
        const headEnd = pending.indexOf(CRLFCRLF);
        if (headEnd === -1) {
          // A head ending in a bare LF never gets its CRLFCRLF: node:http refuses it (400) instead of waiting.
          if (pending.length > HEAD_LIMIT || pending.includes('\n\n') || pending.includes('\n\r\n')) handOff();
          return;
        }
        const head = headEnd <= HEAD_LIMIT ? parseHead(pending.toString('latin1', 0, headEnd), options) : undefined;
        if (head === undefined) return handOff();
        const total = headEnd + 4 + head.contentLength;
        if (pending.length < total) return;
        const body = head.contentLength === 0 ? EMPTY : pending.subarray(headEnd + 4, total);
        pending = pending.length === total ? EMPTY : pending.subarray(total);
        // A pipelined request behind this one is timed from now.
        requestStart = Date.now();
        busy = true;
        void options
          .handle({ method: head.method, url: head.url, headers: head.headers, body, remoteAddress: socket.remoteAddress })
          .then((res) => {
            if (socket.destroyed) return;
            const close = head.close || res.close === true || closing || (ended && pending.length === 0);
            writes.push(socket, serialize(res, close), close);
            busy = false;
            if (close) {
              detach();
              return;
            }
            pump();
            // The client half-closed after pipelining: what was complete is answered, then the connection closes.
            if (ended && !busy && !done) {
              detach();
              writes.push(socket, '', true);
            }
          });
      }
    }
    function onData(chunk: Buffer): void {
      if (pending.length === 0) {
        pending = chunk;
        requestStart = Date.now();
      } else {
        pending = Buffer.concat([pending, chunk]);
        if (Date.now() - requestStart > requestTimeoutMs && !busy) return timedOut();
      }
      pump();
    }
    function timedOut(): void {
      // node:http's answer to a request that took too long to arrive.
      detach();
      pending = EMPTY;
      writes.push(socket, 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n', true);
    }
    function onEnd(): void {
      ended = true;
      // http.Server sockets allow half-open connections: close our side once nothing is left to answer.
      if (!busy) {
        detach();
        writes.push(socket, '', true);
      }
    }
    function onTimeout(): void {
      if (!busy) socket.destroy();
    }
    function onError(): void {
      // A reset or broken pipe: nothing to answer any more.
      detach();
      socket.destroy();
    }
    function onClose(): void {
      detach();
    }

    if (closing) {
      for (const listener of httpListeners) listener.call(server, socket);
      return;
    }
    socket.setNoDelay(true);
    socket.setTimeout(options.keepAliveTimeoutMs);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('timeout', onTimeout);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('drain', pump);
    idleClosers.add(closeIfIdle);
  });

  return {
    closeIdle(): void {
      closing = true;
      for (const close of [...idleClosers]) close();
    },
  };
}
