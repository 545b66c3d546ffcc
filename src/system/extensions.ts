// Extension points other layers (Docker) plug into, kept free of heavy imports so that registering them
// at start-up costs nothing: the code behind each hook is loaded only when the hook runs.
import type { EndpointRef } from '../model/verdict.js';
import type { ConfigEvidence } from '../diagnose/evidence.js';

/** Acts after `lab up` / before `lab down`; returns fields to merge into `lab up --json`. */
export type LabHook = (phase: 'up' | 'down', data: Record<string, unknown>) => Promise<Record<string, unknown>>;
/** Resolves names the core does not know (containers); null when it does not know them either. */
export type ExtraResolver = (name: string) => Promise<EndpointRef | null>;
/** Adds what another layer knows to the diagnosis input; null = nothing. */
export type EvidenceEnricher = (evidence: ConfigEvidence) => Promise<Partial<ConfigEvidence> | null>;

/** Registered lab hooks, in order. */
export const labHooks: LabHook[] = [];
/** Registered endpoint resolvers, in order. */
export const endpointResolvers: ExtraResolver[] = [];
/** Registered evidence enrichers, in order. */
export const evidenceEnrichers: EvidenceEnricher[] = [];
