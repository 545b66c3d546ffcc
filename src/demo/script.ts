// The demo as data: the tutorial's stages in order, what each adds, and which probes to show.
import type { MessageKey } from '../i18n/catalog.js';

/** One probe of the demo. */
export interface DemoProbe {
  src: string;
  dst: string;
}

/** One stage of the walk. */
export interface DemoStage {
  stage: string;
  /** Catalog key of the sentence saying what this stage adds. */
  about: MessageKey;
  probes: DemoProbe[];
}

/** "The internet" of the sandbox: a documentation address the WAN namespace answers for. */
export const DEMO_INTERNET = '203.0.113.8';

/** The tutorial, stage by stage (CONTRACT.md's table). */
export const DEMO_STAGES: DemoStage[] = [
  { stage: 'bridge', about: 'demo.about.bridge', probes: [{ src: 'host', dst: 'RED' }, { src: 'RED', dst: 'BLUE' }] },
  { stage: 'host-address', about: 'demo.about.hostAddress', probes: [{ src: 'host', dst: 'RED' }, { src: 'RED', dst: DEMO_INTERNET }] },
  { stage: 'default-route', about: 'demo.about.defaultRoute', probes: [{ src: 'RED', dst: DEMO_INTERNET }] },
  { stage: 'masquerade', about: 'demo.about.masquerade', probes: [{ src: 'RED', dst: DEMO_INTERNET }] },
  { stage: 'complete', about: 'demo.about.complete', probes: [{ src: 'RED', dst: DEMO_INTERNET }, { src: 'host', dst: 'RED' }] },
];

/** The Docker part: the same questions asked of docker0. */
export const DEMO_DOCKER_PROBES: DemoProbe[] = [
  { src: 'PINK', dst: 'ORANGE' },
  { src: 'PINK', dst: DEMO_INTERNET },
  { src: 'host', dst: 'PINK' },
];

/** Split one of nettrace's own fix commands into argv (they are generated without shell quoting). */
export function splitFixCommand(command: string): string[] {
  const argv: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) argv.push(m[1] ?? m[2] ?? m[3]!);
  return argv;
}

/** Only these programs may be run from a fix inside the demo (all act on sandbox namespaces). */
export const FIX_PROGRAMS = new Set(['ip', 'iptables', 'sysctl', 'nsenter']);
