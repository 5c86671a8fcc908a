// The bundler inlines the one field; the rest of package.json stays out of the bundle.
import { version } from '../../package.json';

export const TOOL_VERSION: string = version;
