// Audit sinks: JSON lines appended to a file (asynchronously, never in the request's way), an in-memory
// ring for ephemeral servers and tests, or nothing.
import fs from 'node:fs';
import type { AuditEvent, AuditSink } from '../api/audit.js';

/** Appends one JSON line per event to `file` (created 0600: events name principals and parameters). */
export class FileAuditSink implements AuditSink {
  private readonly stream: fs.WriteStream;
  private failed = false;
  private lines = '';

  constructor(
    readonly file: string,
    onError?: (error: Error) => void,
  ) {
    this.stream = fs.createWriteStream(file, { flags: 'a', mode: 0o600 });
    this.stream.on('error', (err) => {
      this.failed = true;
      onError?.(err);
    });
  }

  write(event: AuditEvent): void {
    if (this.failed) return;
    // Lines of one turn of the event loop go to the stream as one write: a stream write per request cost more
    // than the request's own XML.
    if (this.lines === '') setImmediate(this.flush);
    this.lines += JSON.stringify(event) + '\n';
  }

  private readonly flush = (): void => {
    const lines = this.lines;
    this.lines = '';
    if (lines !== '' && !this.failed && !this.stream.destroyed) this.stream.write(lines);
  };

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => {
      if (this.stream.closed || this.stream.destroyed) return resolve();
      this.stream.end(() => resolve());
    });
  }
}

/** Keeps the last `capacity` events in memory. */
export class MemoryAuditSink implements AuditSink {
  private readonly buffer: AuditEvent[] = [];

  constructor(readonly capacity = 1000) {}

  write(event: AuditEvent): void {
    if (this.buffer.length >= this.capacity) this.buffer.shift();
    this.buffer.push(event);
  }

  /** Oldest first. */
  events(): readonly AuditEvent[] {
    return [...this.buffer];
  }

  clear(): void {
    this.buffer.length = 0;
  }

  async close(): Promise<void> {}
}
