// Process-wide options set once by the CLI (verbosity, language, host namespace override).
export type Lang = 'en' | 'ko';

/** Global settings that every layer may read; written only by cli/main.ts (and tests). */
export interface GlobalContext {
  /** Echo every external command to stderr. */
  verbose: boolean;
  /** Language of human output. */
  lang: Lang;
  /** Colour allowed on stdout/stderr. */
  color: boolean;
  /** `--host-ns` override: the namespace that plays "the host" (null = the one nettrace runs in). */
  hostNsOverride: string | null | undefined;
}

export const context: GlobalContext = {
  verbose: false,
  lang: langFromEnv(process.env),
  color: !process.env.NO_COLOR,
  hostNsOverride: undefined,
};

/** `ko_*` in LANG/LC_ALL/LC_MESSAGES → Korean, anything else English. */
export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
