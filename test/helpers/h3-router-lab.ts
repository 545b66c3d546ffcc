// A throw-away router lab for the live-evidence lab tests: client --- router --- server, each its own
// namespace (names carry the test's prefix), "the internet" on 203.0.113.0/24. Torn down by removeRouterLab.
import { run } from '../../src/system/runner.js';

/** Names and addresses of one router lab. */
export interface RouterLab {
  /** Client namespace (10.203.1.2/24 on `${prefix}a0`, default via the router). */
  client: string;
  /** Router namespace (10.203.1.1 on `${prefix}r0`, 203.0.113.1 on `${prefix}r1`, ip_forward=1). */
  router: string;
  /** Server namespace (203.0.113.8/24 on `${prefix}b0`, no route back to 10.203.1.0/24). */
  server: string;
  clientAddress: string;
  serverAddress: string;
  routerUplinkAddress: string;
}

// Build the three namespaces and two veth pairs, created directly inside the namespaces (nothing in the machine's own).
export async function createRouterLab(prefix: string): Promise<RouterLab> {
  const lab: RouterLab = {
    client: `${prefix}a`, router: `${prefix}r`, server: `${prefix}b`,
    clientAddress: '10.203.1.2', serverAddress: '203.0.113.8', routerUplinkAddress: '203.0.113.1',
  };
  await removeRouterLab(lab);
  for (const ns of [lab.client, lab.router, lab.server]) {
    await run('ip', ['netns', 'add', ns]);
    await run('ip', ['link', 'set', 'lo', 'up'], { netns: ns });
  }
  await run('ip', ['link', 'add', `${prefix}a0`, 'netns', lab.client, 'type', 'veth', 'peer', 'name', `${prefix}r0`, 'netns', lab.router]);
  await run('ip', ['link', 'add', `${prefix}b0`, 'netns', lab.server, 'type', 'veth', 'peer', 'name', `${prefix}r1`, 'netns', lab.router]);
  const addr = async (ns: string, dev: string, cidr: string) => {
    await run('ip', ['addr', 'add', cidr, 'dev', dev], { netns: ns });
    await run('ip', ['link', 'set', dev, 'up'], { netns: ns });
  };
  await addr(lab.client, `${prefix}a0`, '10.203.1.2/24');
  await addr(lab.router, `${prefix}r0`, '10.203.1.1/24');
  await addr(lab.router, `${prefix}r1`, '203.0.113.1/24');
  await addr(lab.server, `${prefix}b0`, '203.0.113.8/24');
  await run('ip', ['route', 'add', 'default', 'via', '10.203.1.1'], { netns: lab.client });
  await run('sysctl', ['-qw', 'net.ipv4.ip_forward=1'], { netns: lab.router });
  return lab;
}

// Delete the namespaces (their veths go with them); idempotent.
export async function removeRouterLab(lab: Pick<RouterLab, 'client' | 'router' | 'server'>): Promise<void> {
  for (const ns of [lab.client, lab.router, lab.server]) {
    await run('ip', ['netns', 'del', ns], { check: false });
  }
}

// Whether this process may build labs (lab tests skip themselves with this reason otherwise).
export function labSkipReason(): string | false {
  return process.getuid?.() === 0 ? false : 'needs root (creates network namespaces)';
}
