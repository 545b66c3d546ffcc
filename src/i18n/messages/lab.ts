// Messages of `lab up/down/status`.
export const en = {
  'lab.conflict': '{kind} "{name}" already exists and was not created by nettrace; remove or rename it first (nothing was changed).',
  'lab.noLab': 'No nettrace lab is recorded on this machine; run `nettrace lab up --sandbox` first.',
  'lab.badStage': 'Unknown stage "{value}": use one of {stages}.',
  'lab.badFile': 'Cannot use lab file {file}: {detail}',
  'lab.invalid': 'The lab description is invalid: {detail}',
  'lab.up.done': 'Lab "{name}" is at stage {stage} ({changes} changes){sandbox}.',
  'lab.up.noop': 'Lab "{name}" is already at stage {stage}; nothing to change.',
  'lab.down.done': 'Removed {count} objects nettrace had created.',
  'lab.down.nothing': 'Nothing of nettrace\'s to remove.',
  'lab.hostNsMissing': 'The host namespace "{name}" does not exist; run `nettrace lab up --sandbox` or pass an existing --host-ns.',
  'lab.sandboxNote': ' in the sandbox (host namespace {hostNs})',
  'lab.otherLab': 'Another lab ("{name}") is up with other settings; run `nettrace lab down` first.',
  'lab.corruptRecord': 'The lab record {file} is damaged ({detail}); remove what is left with `nettrace cleanup`.',
} as const;

export const ko: Record<keyof typeof en, string> = {
  'lab.conflict': '{kind} "{name}"이(가) 이미 있고 nettrace가 만든 것이 아닙니다. 먼저 지우거나 이름을 바꾸세요(아무것도 바꾸지 않았습니다).',
  'lab.noLab': '이 머신에 기록된 nettrace 랩이 없습니다. 먼저 `nettrace lab up --sandbox`를 실행하세요.',
  'lab.badStage': '알 수 없는 단계 "{value}": {stages} 중 하나를 쓰세요.',
  'lab.badFile': '랩 파일 {file}을(를) 쓸 수 없습니다: {detail}',
  'lab.invalid': '랩 설명이 올바르지 않습니다: {detail}',
  'lab.up.done': '랩 "{name}"이(가) {stage} 단계입니다(변경 {changes}건){sandbox}.',
  'lab.up.noop': '랩 "{name}"은(는) 이미 {stage} 단계입니다. 바꿀 것이 없습니다.',
  'lab.down.done': 'nettrace가 만든 객체 {count}개를 지웠습니다.',
  'lab.down.nothing': '지울 nettrace 객체가 없습니다.',
  'lab.hostNsMissing': '호스트 네임스페이스 "{name}"이(가) 없습니다. `nettrace lab up --sandbox`를 실행하거나 존재하는 --host-ns를 주세요.',
  'lab.sandboxNote': ' (샌드박스, 호스트 네임스페이스 {hostNs})',
  'lab.otherLab': '다른 설정의 랩("{name}")이 올라와 있습니다. 먼저 `nettrace lab down`을 실행하세요.',
  'lab.corruptRecord': '랩 기록 {file}이(가) 손상되었습니다({detail}). 남은 것은 `nettrace cleanup`으로 지우세요.',
};
