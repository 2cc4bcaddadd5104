// The lab's OpenSSH server: the shared test sshd, inside the link's namespace.
import { startSshd as startTestSshd } from '../../support/sshd';
import type { TestSshd } from '../../support/sshd';
import type { LabLink } from './link';

export type LabSshd = TestSshd;

export function startSshd(link: LabLink, port = 2222): Promise<LabSshd> {
  return startTestSshd({ host: link.nsIp, port, netns: link.ns });
}
