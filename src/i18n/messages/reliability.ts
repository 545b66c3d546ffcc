// Messages of the reliability checks: evidence a run lost or could not gather (a capture that died, no trace).
export const en = {
  'reliability.captureEnded': 'The capture in namespace {namespace} ended before the run did ({how}); packets after that moment are missing from its evidence.',
  'reliability.traceUnavailable': 'Netfilter trace not available in {namespaces} ({reason}): rule verdicts there come from the configuration, not from a trace.',
} as const;

export const ko: Record<keyof typeof en, string> = {
  'reliability.captureEnded': '네임스페이스 {namespace}의 캡처가 실행이 끝나기 전에 종료되었습니다({how}). 그 이후의 패킷은 증거에서 빠져 있습니다.',
  'reliability.traceUnavailable': '{namespaces}에서는 netfilter 추적을 쓸 수 없습니다({reason}). 그곳의 규칙 판정은 추적이 아니라 설정에서 나온 것입니다.',
};
