// The one message catalog: every user-facing sentence, in English and Korean, merged from per-area files.
import * as common from './messages/common.js';
import * as lab from './messages/lab.js';
import * as capture from './messages/capture.js';
import * as read from './messages/read.js';
import * as status from './messages/status.js';
import * as docker from './messages/docker.js';
import * as diagnose from './messages/diagnose.js';
import * as render from './messages/render.js';
import * as trace from './messages/trace.js';
import * as compare from './messages/compare.js';
import * as demo from './messages/demo.js';
import * as reliability from './messages/reliability.js';

const en = { ...common.en, ...lab.en, ...capture.en, ...read.en, ...status.en, ...docker.en, ...diagnose.en, ...render.en, ...trace.en, ...compare.en, ...demo.en, ...reliability.en };
const ko: Record<keyof typeof en, string> = { ...common.ko, ...lab.ko, ...capture.ko, ...read.ko, ...status.ko, ...docker.ko, ...diagnose.ko, ...render.ko, ...trace.ko, ...compare.ko, ...demo.ko, ...reliability.ko };

/** Every key a message can be looked up by. */
export type MessageKey = keyof typeof en;

/** Both languages, same keys (the ko tables are typed to have exactly en's keys). */
export const catalog = { en, ko } as const;
