import type { FormDefinition, LocalizedText } from '../../forms/index.js';
import type { FlowDefinition } from '../flows/flow-definition.js';
import type { Evaluation } from './generated/evaluation.js';
import type { PackManifest, RelationEndType, RelationKind } from './generated/pack.js';
import type { StationType } from './generated/station-type.js';

// The types of pack files are generated from workflows/schema/*.schema.json (npm run gen:types).
export type { Evaluation, PackManifest, RelationEndType, RelationKind, StationType };

/**
 * pack.json as published. The format version says how the files were written; the reader
 * checks it and leaves it out, so content read from any format is the same, and packs stored
 * before pack.json carried a format keep their hash.
 */
export type PublishedManifest = Omit<PackManifest, 'format'>;

/** A whole pack as published: the unit that is validated, hashed and stored immutably. */
export interface PackContent {
  manifest: PublishedManifest;
  forms: Record<string, FormDefinition>;
  flows: Record<string, FlowDefinition>;
  stationTypes: Record<string, StationType>;
  evaluations: Record<string, Evaluation>;
}

/** One file of a pack folder, as read from disk. */
export interface PackFile {
  /** Path inside the pack folder, with forward slashes: pack.json, forms/intake.json. */
  path: string;
  text: string;
}

/** Something wrong with a pack: which file, where in it, its code and parameters, and the message. */
export type { PackProblem } from './pack-problems.js';

/** Roles every county has. Auditors read; they never act in a flow. */
export const BUILT_IN_ROLES = ['admin', 'staff', 'deputy', 'auditor'] as const;
export const BUILT_IN_ROLE_NAMES: Record<string, LocalizedText> = {
  admin: { 'zh-CN': '管理员', en: 'Administrator' },
  staff: { 'zh-CN': '工作人员', en: 'Staff' },
  deputy: { 'zh-CN': '人大代表', en: 'Deputy' },
  auditor: { 'zh-CN': '审计监督', en: 'Auditor' },
};
