// How the speed test's messages tell an extension user what to do: a key file is a setting, and the
// panel itself offers to trust an unknown host key (no flags to pass here).
import type { SpeedtestFrontEnd } from '../../diag/speedtest/types';

export const EXTENSION_FRONT_END: SpeedtestFrontEnd = {
  keyFileOption: 'wsdoctor.speedtest.identityFile',
  hostKeyFlags: false,
};
