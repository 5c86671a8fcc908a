import type { EndpointKind, EndpointSettings } from '../shared/protocol';
import { h } from './dom';

let counter = 0;

function field(label: string, input: HTMLInputElement, hint?: string): HTMLElement {
  const id = `endpoint-field-${++counter}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
}

export interface EndpointSetupActions {
  save(settings: EndpointSettings): void;
  test(settings: EndpointSettings): void;
}

/**
 * The endpoint's URL settings, editable in the panel: the compatible server's base URL, or the
 * Azure resource, deployment and API version; Save writes them to the user's settings and Test
 * connection tries them (saved or not) with one request.
 */
export class EndpointSetup {
  readonly element: HTMLElement;
  private readonly baseUrl = h('input', { type: 'url', spellcheck: 'false', placeholder: 'http://localhost:8000/v1' });
  private readonly azureEndpoint = h('input', { type: 'url', spellcheck: 'false', placeholder: 'https://my-resource.openai.azure.com' });
  private readonly azureDeployment = h('input', { type: 'text', spellcheck: 'false', placeholder: 'gpt-4o' });
  private readonly azureApiVersion = h('input', { type: 'text', spellcheck: 'false', placeholder: '2025-04-01-preview' });
  private readonly compatibleFields: HTMLElement;
  private readonly azureFields: HTMLElement;
  private readonly result = h('p', { class: 'connection-result', role: 'status', 'aria-live': 'polite' });
  private readonly saveButton: HTMLButtonElement;
  private readonly testButton: HTMLButtonElement;
  private kind: EndpointKind = 'simulator';

  constructor(actions: EndpointSetupActions) {
    this.compatibleFields = h('div', { class: 'grid' }, field('Base URL of the OpenAI-compatible server', this.baseUrl, 'promptCacheLens.dashboard.compatibleBaseUrl'));
    this.azureFields = h(
      'div',
      { class: 'grid' },
      field('Azure OpenAI endpoint', this.azureEndpoint, 'promptCacheLens.dashboard.azureEndpoint'),
      field('Deployment', this.azureDeployment),
      field('API version', this.azureApiVersion),
    );
    this.saveButton = h('button', { type: 'button', class: 'secondary', onclick: () => actions.save(this.read()) }, 'Save to user settings');
    this.testButton = h('button', { type: 'button', class: 'secondary', onclick: () => actions.test(this.read()) }, 'Test connection');
    this.element = h(
      'fieldset',
      { class: 'endpoint-setup', 'aria-label': 'Endpoint set-up' },
      h('legend', {}, 'Endpoint set-up'),
      this.compatibleFields,
      this.azureFields,
      h('div', { class: 'toolbar' }, this.saveButton, this.testButton, this.result),
    );
    // A result stays beside the address it was found for: an edited address has not been tested.
    for (const input of [this.baseUrl, this.azureEndpoint, this.azureDeployment, this.azureApiVersion]) {
      input.addEventListener('input', () => this.showResult('', true));
    }
    this.setKind('simulator');
  }

  read(): EndpointSettings {
    return {
      compatibleBaseUrl: this.baseUrl.value.trim(),
      azureEndpoint: this.azureEndpoint.value.trim(),
      azureDeployment: this.azureDeployment.value.trim(),
      azureApiVersion: this.azureApiVersion.value.trim(),
    };
  }

  write(settings: EndpointSettings): void {
    this.baseUrl.value = settings.compatibleBaseUrl;
    this.azureEndpoint.value = settings.azureEndpoint;
    this.azureDeployment.value = settings.azureDeployment;
    this.azureApiVersion.value = settings.azureApiVersion;
  }

  /** Shows the fields of the chosen endpoint; keyed endpoints without URLs only get Test connection. */
  setKind(kind: EndpointKind): void {
    if (kind !== this.kind) this.showResult('', true);
    this.kind = kind;
    this.compatibleFields.hidden = kind !== 'compatible';
    this.azureFields.hidden = kind !== 'azure';
    this.saveButton.hidden = kind !== 'compatible' && kind !== 'azure';
  }

  showResult(message: string, ok: boolean): void {
    this.result.textContent = message;
    this.result.className = `connection-result ${ok ? 'ok' : 'failed'}`;
  }

  /** Opens the fields for the user (the banner's "Set base URL"). */
  focus(): void {
    const first = this.kind === 'azure' ? this.azureEndpoint : this.baseUrl;
    this.element.scrollIntoView({ block: 'center' });
    first.focus();
  }

  setBusy(busy: boolean): void {
    for (const control of this.element.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) control.disabled = busy;
  }
}
