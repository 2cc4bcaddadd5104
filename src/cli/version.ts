// The version `wsdoctor --version` prints. Only this field of package.json is bundled: esbuild
// inlines a named import from a JSON file and drops the rest.
import { version } from '../../package.json';

export const WSDOCTOR_VERSION: string = version;
