/** The one handle the page gets on VS Code: messages to the host and the persisted UI state. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** May be acquired only once per page. */
export const vscodeApi: VsCodeApi = acquireVsCodeApi();
