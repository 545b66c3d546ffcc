// Messages of the Docker building blocks: the sandbox daemon, the busybox image, container lookup.
export const en = {
  'docker.notReady': 'dockerd in namespace {netns} did not answer on {socket} within {ms} ms. Last lines of its log ({log}):\n{tail}',
  'docker.exited': 'dockerd in namespace {netns} exited before it answered on {socket}. Last lines of its log ({log}):\n{tail}',
  'docker.alreadyRunning': 'A dockerd (pid {pid}) already runs with pidfile {pidfile}; stop it first (nettrace lab down) or remove its state.',
  'docker.machineNamespace': 'Refusing to start dockerd without a network namespace: nettrace never starts it in the machine\'s own namespace.',
  'docker.noSocket': 'No Docker daemon socket known: pass it, set DOCKER_HOST=unix:///path/to/docker.sock, or run `nettrace lab up --sandbox --docker`.',
  'docker.badHost': 'DOCKER_HOST "{value}" is not a unix socket (unix:///path); nettrace only talks to a local daemon.',
  'docker.unknownContainer': 'No Docker container "{name}"; these exist: {known}.',
  'docker.notRunning': 'Docker container "{name}" is not running (state {state}); start it with `docker start {name}`.',
  'docker.noBusybox': 'Cannot build the busybox image: {path} is missing; install busybox-static (apt-get install busybox-static).',
} as const;

export const ko: Record<keyof typeof en, string> = {
  'docker.notReady': '네임스페이스 {netns}의 dockerd가 {ms} ms 안에 {socket}에서 응답하지 않았습니다. 로그({log})의 마지막 줄:\n{tail}',
  'docker.exited': '네임스페이스 {netns}의 dockerd가 {socket}에서 응답하기 전에 종료되었습니다. 로그({log})의 마지막 줄:\n{tail}',
  'docker.alreadyRunning': 'pidfile {pidfile}을(를) 쓰는 dockerd(pid {pid})가 이미 실행 중입니다. 먼저 멈추거나(nettrace lab down) 그 상태를 지우세요.',
  'docker.machineNamespace': '네트워크 네임스페이스 없이 dockerd를 시작하지 않습니다: nettrace는 머신 자체의 네임스페이스에서 dockerd를 절대 시작하지 않습니다.',
  'docker.noSocket': 'Docker 데몬 소켓을 알 수 없습니다. 소켓을 지정하거나 DOCKER_HOST=unix:///path/to/docker.sock을 설정하거나 `nettrace lab up --sandbox --docker`를 실행하세요.',
  'docker.badHost': 'DOCKER_HOST "{value}"은(는) 유닉스 소켓(unix:///path)이 아닙니다. nettrace는 로컬 데몬하고만 통신합니다.',
  'docker.unknownContainer': 'Docker 컨테이너 "{name}"이(가) 없습니다. 있는 컨테이너: {known}.',
  'docker.notRunning': 'Docker 컨테이너 "{name}"이(가) 실행 중이 아닙니다(상태 {state}). `docker start {name}`으로 시작하세요.',
  'docker.noBusybox': 'busybox 이미지를 만들 수 없습니다: {path}이(가) 없습니다. busybox-static을 설치하세요(apt-get install busybox-static).',
};
