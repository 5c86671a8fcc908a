import { parseToWebview, REQUEST_TIMEOUT_MS, type HostRequest, type ToHost, type ToWebview } from '../shared/protocol';
import { vscodeApi } from './vscodeApi';

export type Reply = Extract<ToWebview, { type: 'reply' }>;

/**
 * Messages to and from the extension host. Incoming messages are validated before anyone sees
 * them; requests get an id and a deadline, and resolve with the host's reply (or a timeout reply).
 */
export class HostChannel {
  private readonly pending = new Map<string, { resolve: (reply: Reply) => void; timer: number }>();
  private counter = 0;

  constructor(private readonly onMessage: (message: ToWebview) => void) {}

  /** Starts listening, then tells the host the page is ready for its data. */
  start(): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const parsed = parseToWebview(event.data);
      if (!parsed.ok) {
        console.warn(`ignored an invalid message from the host: ${parsed.error}`);
        return;
      }
      const message = parsed.message;
      if (message.type === 'reply') this.settle(message);
      this.onMessage(message);
    });
    this.post({ type: 'ready' });
  }

  post(message: ToHost): void {
    vscodeApi.postMessage(message);
  }

  request(build: (requestId: string) => HostRequest): Promise<Reply> {
    const requestId = `r${++this.counter}-${Date.now().toString(36)}`;
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(requestId);
        resolve({ type: 'reply', requestId, ok: false, error: `The extension did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.` });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(requestId, { resolve, timer });
      this.post(build(requestId));
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.requestId);
    if (!waiting) return;
    this.pending.delete(reply.requestId);
    window.clearTimeout(waiting.timer);
    waiting.resolve(reply);
  }
}
