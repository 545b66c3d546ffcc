// Messages of the reliability checks: evidence a run lost on the way (a capture that died mid-run).
export const en = {
  'reliability.captureEnded': 'The capture in namespace {namespace} ended before the run did ({how}); packets after that moment are missing from its evidence.',
} as const;

export const ko: Record<keyof typeof en, string> = {
  'reliability.captureEnded': '네임스페이스 {namespace}의 캡처가 실행이 끝나기 전에 종료되었습니다({how}). 그 이후의 패킷은 증거에서 빠져 있습니다.',
};
