// The audit log file: one JSON line per event, in order, whether events come in one turn of the event loop or many.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/api/audit.js';
import { FileAuditSink } from '../../src/server/audit.js';

const event = (n: number): AuditEvent => ({
  eventVersion: '1.08',
  eventTime: '2026-11-28T00:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: `Call${n}`,
  awsRegion: 'us-east-1',
  sourceIPAddress: '127.0.0.1',
  userIdentity: { type: 'Root' },
  requestID: `request-${n}`,
  eventID: `event-${n}`,
});

describe('FileAuditSink', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-audit-'));
    file = path.join(dir, 'audit.log');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const names = (): string[] =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as AuditEvent).eventName);

  it('writes the events of one turn as lines, in order, by close', async () => {
    const sink = new FileAuditSink(file);
    for (let n = 0; n < 5; n++) sink.write(event(n));
    await sink.close();
    expect(names()).toEqual(['Call0', 'Call1', 'Call2', 'Call3', 'Call4']);
  });

  it('writes events of later turns after those of earlier ones', async () => {
    const sink = new FileAuditSink(file);
    sink.write(event(0));
    await nextTurn();
    sink.write(event(1));
    sink.write(event(2));
    await nextTurn();
    sink.write(event(3));
    await sink.close();
    expect(names()).toEqual(['Call0', 'Call1', 'Call2', 'Call3']);
  });

  it('has written a turn\'s events to the file once the next turn has begun', async () => {
    const sink = new FileAuditSink(file);
    sink.write(event(7));
    await nextTurn();
    // The stream's own write is asynchronous: wait for the line to land, without closing.
    const written = (): boolean => fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== '';
    for (let i = 0; i < 500 && !written(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(names()).toEqual(['Call7']);
    await sink.close();
  });

  it('creates the file readable by its owner only', async () => {
    const sink = new FileAuditSink(file);
    sink.write(event(1));
    await sink.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
