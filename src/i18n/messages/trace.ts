// Messages of `ping` / `diagnose` orchestration (the result's own sentences live in render/diagnose).
export const en = {
  'trace.unknownEndpoint': 'Unknown endpoint "{name}": it is neither an IPv4 address, `host`, a namespace nor a container; these exist: {known}.',
  'trace.sourceNoAddress': 'The source {name} has no IPv4 address to send from.',
  'trace.sameEndpoint': 'Source and destination are the same ({name}).',
  'trace.progress.plan': 'planning the path…',
  'trace.progress.arm': 'arming captures on {count} namespaces…',
  'trace.progress.probe': 'probing {dst}…',
  'trace.saved': 'Saved {count} pcap files and evidence.json to {dir}.',
  'trace.badSaveDir': 'Cannot save into {dir}: {detail}',
  'trace.captureProblem': 'capture in {ns}: {detail}',
  'cleanup.rule': 'removed from {namespace}: {rule}',
  'cleanup.process': 'stopped capture process {pid}',
  'cleanup.done': 'cleanup: {count} leftovers removed.',
} as const;

export const ko: Record<keyof typeof en, string> = {
  'trace.unknownEndpoint': '알 수 없는 엔드포인트 "{name}": IPv4 주소, `host`, 네임스페이스, 컨테이너 어느 것도 아닙니다. 있는 것: {known}.',
  'trace.sourceNoAddress': '출발지 {name}에 보낼 IPv4 주소가 없습니다.',
  'trace.sameEndpoint': '출발지와 목적지가 같습니다({name}).',
  'trace.progress.plan': '경로 계산 중…',
  'trace.progress.arm': '네임스페이스 {count}곳에서 캡처 준비 중…',
  'trace.progress.probe': '{dst}로 프로브 전송 중…',
  'trace.saved': 'pcap 파일 {count}개와 evidence.json을 {dir}에 저장했습니다.',
  'trace.badSaveDir': '{dir}에 저장할 수 없습니다: {detail}',
  'trace.captureProblem': '{ns} 캡처: {detail}',
  'cleanup.rule': '{namespace}에서 지움: {rule}',
  'cleanup.process': '캡처 프로세스 {pid}을(를) 멈췄습니다',
  'cleanup.done': 'cleanup: 남은 것 {count}개를 지웠습니다.',
};
