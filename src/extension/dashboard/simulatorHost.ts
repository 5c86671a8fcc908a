import type * as vscode from 'vscode';
import { startSimulator } from '../../simulator';
import type { FaultOptions, RunningSimulator } from '../../simulator';

/**
 * The built-in simulated endpoint, started in-process on first use (127.0.0.1, a free port) and
 * closed with its owner. Faults can be set for the next start (tests use this).
 */
export class SimulatorHost implements vscode.Disposable {
  private running: Promise<RunningSimulator> | undefined;
  private faults: FaultOptions = {};

  constructor(
    private readonly tokenizerAssetDir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The base URL (ending in `/v1`), starting the server if needed. */
  async url(): Promise<string> {
    if (!this.running) {
      this.running = startSimulator({ port: 0, seed: 1, tokenizerAssetDir: this.tokenizerAssetDir, faults: this.faults });
      this.running.then(
        (sim) => this.log.info(`simulator listening on ${sim.url}`),
        () => (this.running = undefined),
      );
    }
    return (await this.running).url;
  }

  /** Restarts with these faults (and an empty cache) on next use. */
  async reset(faults: FaultOptions = {}): Promise<void> {
    this.faults = faults;
    await this.stop();
  }

  /** Closes the server; the next use starts a fresh one. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    try {
      await (await running).close();
    } catch (err) {
      this.log.warn(`simulator did not close cleanly: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    void this.stop();
  }
}
