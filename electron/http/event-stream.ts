/**
 * Server-Sent Events for `reseed serve`: the events the desktop app pushes over IPC (progress)
 * go to every connected editor tab. The renderer reads the stream with fetch (not EventSource),
 * so it can send the token as a header like every other API request.
 */
import type { ServerResponse } from 'node:http';
import type { EventName } from '../contract/channels';

const KEEPALIVE_MS = 15_000;

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    // A comment line now and then keeps proxies and idle timeouts from closing the stream.
    this.timer = setInterval(() => this.write(': keep-alive\n\n'), KEEPALIVE_MS);
    this.timer.unref();
  }

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: EventName, payload: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
