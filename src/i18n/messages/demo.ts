// Messages of `nettrace demo`.
export const en = {
  'demo.stage': 'stage {stage}: {about}',
  'demo.about.bridge': 'RED and BLUE hang on bridge br0; br0 has no address, so the host has no route to 11.11.11.0/24.',
  'demo.about.hostAddress': 'br0 gets 11.11.11.1/24: the host now has a route to the lab; RED still has no default route.',
  'demo.about.defaultRoute': 'RED and BLUE get "default via 11.11.11.1": packets to the internet now leave — with their private source.',
  'demo.about.masquerade': 'MASQUERADE on the way out: the reply can come back, but FORWARD (policy DROP) only allows -s 11.11.11.0/24.',
  'demo.about.complete': 'FORWARD also allows -d 11.11.11.0/24: everything works.',
  'demo.docker': 'docker0: the same questions asked of Docker\'s bridge (dockerd runs inside the sandbox host)',
  'demo.noDocker': 'dockerd is not installed: the Docker part is skipped (apt-get install docker.io).',
  'demo.applying': 'applying the fix nettrace suggested:',
  'demo.nowReaches': '✓ {src} → {dst} now reaches.',
  'demo.stillFails': '✗ {src} → {dst} still fails after the fix.',
  'demo.compare': 'br0 (hand-built) against docker0:',
  'demo.done': 'Demo finished; the sandbox was removed.',
  'demo.labUp': 'A lab is up; the demo builds its own sandbox: run `nettrace lab down` first.',
} as const;

export const ko: Record<keyof typeof en, string> = {
  'demo.stage': '{stage} 단계: {about}',
  'demo.about.bridge': 'RED와 BLUE가 브릿지 br0에 연결됩니다. br0에 주소가 없어서 호스트에는 11.11.11.0/24로 가는 라우트가 없습니다.',
  'demo.about.hostAddress': 'br0에 11.11.11.1/24를 줍니다. 이제 호스트에 랩으로 가는 라우트가 생기지만 RED에는 아직 default route가 없습니다.',
  'demo.about.defaultRoute': 'RED와 BLUE에 "default via 11.11.11.1"을 넣습니다. 이제 인터넷으로 나가지만 출발지가 사설 주소 그대로입니다.',
  'demo.about.masquerade': '나갈 때 MASQUERADE: 응답이 돌아올 수 있지만 FORWARD(정책 DROP)는 -s 11.11.11.0/24만 허용합니다.',
  'demo.about.complete': 'FORWARD가 -d 11.11.11.0/24도 허용합니다. 모두 동작합니다.',
  'demo.docker': 'docker0: 같은 질문을 도커 브릿지에 합니다(dockerd는 샌드박스 호스트 안에서 동작)',
  'demo.noDocker': 'dockerd가 설치되어 있지 않아 도커 부분은 건너뜁니다(apt-get install docker.io).',
  'demo.applying': 'nettrace가 제안한 수정을 적용합니다:',
  'demo.nowReaches': '✓ 이제 {src} → {dst} 도달합니다.',
  'demo.stillFails': '✗ 수정 후에도 {src} → {dst} 실패합니다.',
  'demo.compare': 'br0(직접 만든 것)와 docker0 비교:',
  'demo.done': '데모가 끝났고 샌드박스를 지웠습니다.',
  'demo.labUp': '랩이 이미 올라와 있습니다. 데모는 자체 샌드박스를 만듭니다. 먼저 `nettrace lab down`을 실행하세요.',
};
