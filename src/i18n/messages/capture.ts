// Messages of the live-evidence engines: captures, the probe, netfilter trace and conntrack.
export const en = {
  'capture.armTimeout': 'The capture on {iface} in namespace {netns} was not ready after {ms} ms (tcpdump never said "listening on"); check that the interface exists and is up.',
  'capture.armFailed': 'Could not start the capture on {iface} in namespace {netns}: {detail}',
  'capture.interfaceGone': 'The interface {iface} in namespace {netns} disappeared during the capture.',
  'capture.kernelDrops': '{count} packets were dropped by the kernel on {iface} in namespace {netns}; some evidence may be missing.',
  'probe.sendError': 'The probe could not be sent from {netns}: {detail}',
  'nftrace.legacyBackend': 'legacy backend has no xtables-monitor trace',
  'nftrace.monitorFailed': 'xtables-monitor --trace did not start in namespace {netns}: {detail}',
  'nftrace.cleanupFailed': 'Could not remove the trace rule "{rule}" in namespace {netns}; remove it by hand: {command}',
  'conntrack.unavailable': 'conntrack entries could not be read in namespace {netns}: {detail}',
} as const;

export const ko: Record<keyof typeof en, string> = {
  'capture.armTimeout': '네임스페이스 {netns}의 {iface} 캡처가 {ms} ms가 지나도 준비되지 않았습니다(tcpdump가 "listening on"을 출력하지 않음). 인터페이스가 있고 켜져 있는지 확인하세요.',
  'capture.armFailed': '네임스페이스 {netns}의 {iface}에서 캡처를 시작할 수 없습니다: {detail}',
  'capture.interfaceGone': '캡처 중에 네임스페이스 {netns}의 인터페이스 {iface}가 사라졌습니다.',
  'capture.kernelDrops': '네임스페이스 {netns}의 {iface}에서 커널이 패킷 {count}개를 버렸습니다. 일부 증거가 빠졌을 수 있습니다.',
  'probe.sendError': '{netns}에서 프로브를 보낼 수 없었습니다: {detail}',
  'nftrace.legacyBackend': 'legacy 백엔드에는 xtables-monitor 추적이 없습니다',
  'nftrace.monitorFailed': '네임스페이스 {netns}에서 xtables-monitor --trace가 시작되지 않았습니다: {detail}',
  'nftrace.cleanupFailed': '네임스페이스 {netns}의 추적 규칙 "{rule}"을(를) 지울 수 없었습니다. 직접 지우세요: {command}',
  'conntrack.unavailable': '네임스페이스 {netns}의 conntrack 항목을 읽을 수 없습니다: {detail}',
};
